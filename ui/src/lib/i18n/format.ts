import type { Locale } from '$lib/backend';

/**
 * Integer cents to the locale's currency text: 129990 → "R$ 1.299,90". A price in another
 * currency keeps its code ("KZT 699.990,00"): it is never shown as reais.
 */
export function formatMoney(cents: number, locale: Locale, currency?: string | null): string {
  const code = currency?.trim().toUpperCase() || 'BRL';
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: code }).format(cents / 100);
  } catch {
    const amount = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return `${code} ${amount.format(cents / 100)}`;
  }
}

/** A whole number with the locale's grouping: 150000 → "150.000". */
export function formatCount(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(n);
}

/**
 * Bytes as the owner reads them, in SI units (1 MB = 1,000,000 bytes, as disks and download
 * sizes are labelled): 267,300,000 bytes are "267,3 MB", never "254,9 MB".
 */
export function formatBytes(bytes: number, locale: Locale): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** A UTC ISO-8601 instant shown as a local date and time: "28/11/2026 10:15". */
export function formatDateTime(isoUtc: string, locale: Locale): string {
  const at = new Date(isoUtc);
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'short' }).format(at);
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(at);
  return `${day} ${time}`;
}

/** A UTC ISO-8601 instant shown as a local date: "28/11/2026". */
export function formatDate(isoUtc: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short' }).format(new Date(isoUtc));
}

/**
 * A calendar day ("2026-09-01", no time zone: a store day) written the locale's way:
 * "01/09/2026" in pt-BR, "9/1/26" in en. Anything else is returned as it is.
 */
export function formatDay(isoDay: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay.trim());
  if (!m) return isoDay;
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeZone: 'UTC' }).format(at);
}

/** Hundredths of a percent as the locale writes a percentage: 500 → "5,0%" (pt-BR). */
export function formatPercent(hundredths: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(hundredths / 10_000);
}
