// Link expiry as the forms take it: a date, meaning the end of that day. The end of the day in
// the recruiter's own time zone would need the browser's zone on the server; 23:59:59 UTC is close
// enough for a link that usually lives for weeks, and the dashboard shows dates in UTC anyway.
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export type ParsedExpiry = { ok: true; expiresAt: string | null } | { ok: false; message: string };

/** `''` → no expiry; `2030-01-31` → `2030-01-31T23:59:59Z`. */
export function expiryFromDate(value: string): ParsedExpiry {
  const trimmed = value.trim();
  if (trimmed === '') return { ok: true, expiresAt: null };
  const match = datePattern.exec(trimmed);
  if (!match) return { ok: false, message: 'Enter a date like 2030-01-31' };
  const [, year, month, day] = match.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, message: 'Enter a real date' };
  }
  return { ok: true, expiresAt: `${trimmed}T23:59:59Z` };
}

/** The date part of an expiry, for a date input (`2030-01-31`); empty for none. */
export function dateOfExpiry(expiresAt: string | null): string {
  if (!expiresAt) return '';
  const date = new Date(expiresAt);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}
