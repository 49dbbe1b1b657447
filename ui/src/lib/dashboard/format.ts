/** "52998224725" → "529.982.247-25"; "11222333000181" → "11.222.333/0001-81"; else as is. */
export function formatDocument(digits: string): string {
  if (/^\d{11}$/.test(digits)) {
    return digits.replace(/^(\d{3})(\d{3})(\d{3})(\d{2})$/, '$1.$2.$3-$4');
  }
  if (/^[0-9A-Z]{12}\d{2}$/.test(digits)) {
    return digits.replace(/^(.{2})(.{3})(.{3})(.{4})(.{2})$/, '$1.$2.$3/$4-$5');
  }
  return digits;
}

/** "2026-08-30" (a calendar day, no time zone) → "30/08/2026". */
export function isoDayToBr(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  return m ? `${m[3]}/${m[2]}/${m[1]}` : day;
}

/** Seconds between two UTC instants (never negative). */
export function secondsBetween(startIso: string, endIso: string): number {
  return Math.max(0, Math.round((Date.parse(endIso) - Date.parse(startIso)) / 1000));
}
