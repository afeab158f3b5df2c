// Time zones of scheduled live interviews, shared by the dashboard's server and the browser. An
// interview starts at an instant (UTC) and was scheduled in an IANA time zone: the forms read a date,
// a time and a zone as the instant they mean, and the dashboard shows a start in its zone (what the
// candidate was told) and in the viewer's own. The zone rules are luxon's (Intl underneath), as in the
// invite and notification services, so the form's check and the service's decision agree. Pure: the
// clock and the viewer's zone come in as arguments, so the server's render and the tests are
// deterministic.
import { DateTime, IANAZone } from 'luxon';

/** `2026-12-01T10:00`: the wall-clock form the forms post and the API reads in a time zone. */
export type LocalDateTime = `${string}T${string}`;

const localFormat = "yyyy-MM-dd'T'HH:mm";

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The wall clock read as if in UTC (which has no gaps), or null when it is not a real date and time. */
function wallClockOf(local: string): DateTime<true> | null {
  const wall = DateTime.fromFormat(local, localFormat, { zone: 'utc' });
  // one that does not read back the same is not a time at all (24:00, 31 April)
  return wall.isValid && wall.toFormat(localFormat) === local ? wall : null;
}

/** The date and time fields of a form as one local date-time; null when either is not well formed. */
export function joinLocalDateTime(date: string, time: string): LocalDateTime | null {
  const local = `${date.trim()}T${time.trim()}` as const;
  return wallClockOf(local) ? local : null;
}

export type ZonedInstant =
  { ok: true; instant: string } | { ok: false; reason: 'not-a-time' | 'unknown-zone' | 'skipped' };

/**
 * The instant (ISO, UTC) of a wall-clock time in a zone: `2026-12-01T10:00` in `Europe/Berlin` is
 * `2026-12-01T09:00:00.000Z`. Read as the invite service reads it (its `instantOf`): a time the
 * clocks skip (spring forward) has no instant, where luxon alone would move it on; a time they pass
 * twice (fall back) is its first occurrence, where luxon alone would pick the second.
 */
export function zonedToInstant(local: string, timeZone: string): ZonedInstant {
  const wall = wallClockOf(local);
  if (!wall) return { ok: false, reason: 'not-a-time' };
  if (!isTimeZone(timeZone)) return { ok: false, reason: 'unknown-zone' };
  const zoned = wall.setZone(timeZone, { keepLocalTime: true });
  // the offsets in force around that day; each gives an instant, and it counts if it shows `local`
  const offsets = new Set([zoned.minus({ days: 1 }).offset, zoned.offset, zoned.plus({ days: 1 }).offset]);
  const [first] = [...offsets]
    .map((offset) => wall.minus({ minutes: offset }))
    .filter((instant) => instant.setZone(timeZone).toFormat(localFormat) === local)
    .sort((a, b) => a.toMillis() - b.toMillis());
  return first ? { ok: true, instant: first.toUTC().toISO()! } : { ok: false, reason: 'skipped' };
}

/**
 * A start as a form posts it (a date, a time, a zone), checked before the service sees it: a real
 * date and time, not skipped by the zone's clocks, and (as far as this clock can tell) in the
 * future. The service decides again; this only spares a round trip and says which field is wrong.
 * An unknown zone is left to the contract's own message.
 */
export function checkStart(
  start: { date: string; time: string; timeZone: string },
  now: number,
): { startsAt: LocalDateTime | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const startsAt = joinLocalDateTime(start.date, start.time);
  if (!start.date.trim()) errors.date = 'Choose a date';
  if (!start.time.trim()) errors.time = 'Choose a time';
  if (start.date.trim() && start.time.trim() && !startsAt) errors.date = 'Enter a real date and time';
  if (startsAt && start.timeZone) {
    const zoned = zonedToInstant(startsAt, start.timeZone);
    if (zoned.ok && Date.parse(zoned.instant) <= now) errors.date = 'Choose a time in the future';
    if (!zoned.ok && zoned.reason === 'skipped') {
      errors.time = 'This time does not exist in that time zone (the clocks skip it): choose another';
    }
  }
  return { startsAt, errors };
}

/** The instant in the zone; null for a malformed instant or an unknown zone. */
function inZone(iso: string, timeZone: string): DateTime<true> | null {
  const at = DateTime.fromISO(iso, { zone: timeZone, locale: 'en-GB' });
  return at.isValid ? at : null;
}

/** The wall-clock date and time of an instant in a zone, for prefilling a date and a time field. */
export function instantToZoned(iso: string, timeZone: string): { date: string; time: string } | null {
  const at = inZone(iso, timeZone);
  return at && { date: at.toFormat('yyyy-MM-dd'), time: at.toFormat('HH:mm') };
}

/** `GMT+5:30`, `GMT`: the zone's offset at that instant, as people read it. */
export function offsetLabel(iso: string, timeZone: string): string {
  const minutes = inZone(iso, timeZone)?.offset ?? 0;
  if (minutes === 0) return 'GMT';
  const sign = minutes > 0 ? '+' : '-';
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return `GMT${sign}${hours}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`;
}

/** `Tue 1 Dec 2026, 10:00`: date and time in the zone (24-hour clock, English, like the rest of the dashboard). */
export function formatInZone(iso: string, timeZone: string): string {
  return inZone(iso, timeZone)?.toFormat('EEE d MMM yyyy, HH:mm') ?? iso;
}

export interface StartDisplay {
  /** in the interview's zone: `Tue 1 Dec 2026, 10:00` */
  text: string;
  /** `Europe/Berlin (GMT+1)` */
  zone: string;
  /** the same instant in the viewer's zone, or null when the two read alike (same offset) */
  viewer: { text: string; zone: string } | null;
}

/** What the table shows for a start: the interview's zone first, the viewer's below it when it differs. */
export function displayStart(iso: string, timeZone: string, viewerZone: string): StartDisplay {
  const zone = isTimeZone(timeZone) ? timeZone : 'UTC';
  const viewer = isTimeZone(viewerZone) ? viewerZone : 'UTC';
  const there = inZone(iso, zone);
  const sameClock = !there || there.offset === there.setZone(viewer).offset;
  return {
    text: formatInZone(iso, zone),
    zone: zoneWithOffset(iso, zone),
    viewer: sameClock ? null : { text: formatInZone(iso, viewer), zone: zoneWithOffset(iso, viewer) },
  };
}

/** `Asia/Tokyo (GMT+9)`; UTC is just `UTC`. */
function zoneWithOffset(iso: string, zone: string): string {
  return zone === 'UTC' || zone === 'Etc/UTC' ? 'UTC' : `${zoneName(zone)} (${offsetLabel(iso, zone)})`;
}

/** `America/Argentina/Buenos_Aires` → `America/Argentina/Buenos Aires`. */
export function zoneName(timeZone: string): string {
  return timeZone.replaceAll('_', ' ');
}

/**
 * The zones a select offers: the runtime's IANA list (`Intl.supportedValuesOf('timeZone')`), with
 * UTC first (the list leaves it out) and any extra zone (the viewer's, an interview's) kept in.
 */
export function timeZoneChoices(supported: readonly string[], ...extra: (string | undefined)[]): string[] {
  const zones = new Set(supported.filter((zone) => zone !== 'UTC'));
  for (const zone of extra) if (zone && zone !== 'UTC' && isTimeZone(zone)) zones.add(zone);
  return ['UTC', ...[...zones].sort((a, b) => a.localeCompare(b))];
}
