// How the Interview Analysis page writes times and durations. Pure, on luxon: an interview is shown
// in the zone it was scheduled in (what the candidate and interviewers were told), named, so a
// recruiter elsewhere is not misled; durations are whole seconds written for people.
import { DateTime } from 'luxon';

/** `Tue 1 Dec 2026, 10:00 (Europe/Berlin)`; the ISO string itself when it is not a time. */
export function formatInZone(iso: string, zone: string): string {
  const at = DateTime.fromISO(iso, { zone });
  if (!at.isValid) return iso;
  return `${at.setLocale('en-GB').toFormat('ccc d LLL yyyy, HH:mm')} (${zone})`;
}

/** `10:04:31` in the zone: the timeline's clock, the day being the interview's. */
export function clockInZone(iso: string, zone: string): string {
  const at = DateTime.fromISO(iso, { zone });
  return at.isValid ? at.toFormat('HH:mm:ss') : iso;
}

/** `1 Dec 2026` in the zone (a deletion date, a score's day). */
export function dayInZone(iso: string, zone: string): string {
  const at = DateTime.fromISO(iso, { zone });
  return at.isValid ? at.setLocale('en-GB').toFormat('d LLL yyyy') : iso;
}

/** `1 h 02 min`, `12 min 30 s`, `45 s`; an em dash when unknown. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
  return `${rest} s`;
}

/** An average score to one decimal (`4.5`), or null while nobody scored. */
export function formatAverage(average: number | null): string | null {
  return average === null ? null : (Math.round(average * 10) / 10).toFixed(1);
}
