import type { Locale } from '$lib/backend';

/** Integer cents to the locale's currency text: 129990 → "R$ 1.299,90". */
export function formatMoney(cents: number, locale: Locale, currency = 'BRL'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

/** A UTC ISO-8601 instant shown as a local date: "28/11/2026". */
export function formatDate(isoUtc: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short' }).format(new Date(isoUtc));
}
