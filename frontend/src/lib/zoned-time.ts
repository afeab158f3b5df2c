// Time zones of scheduled live interviews, shared by the dashboard's server and the browser. An
// interview starts at an instant (UTC) and was scheduled in an IANA time zone: the forms read a date,
// a time and a zone as the instant they mean, and the dashboard shows a start in its zone (what the
// candidate was told) and in the viewer's own. The zone rules are luxon's (Intl underneath), as in the
// invite and notification services, so the form's check and the service's decision agree. Pure: the
// clock and the viewer's zone come in as arguments, so the server's render and the tests are
// deterministic.
import { DateTime, IANAZone } from 'luxon';
import { displayLocale } from './locale.ts';

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

/** `Tue, 1 Dec 2026, 10:00` (en-GB): date and time in the zone, in the reader's locale like the rest of the app. */
export function formatInZone(iso: string, timeZone: string): string {
  const at = inZone(iso, timeZone);
  if (!at) return iso;
  const locale = displayLocale();
  return (locale ? at.setLocale(locale) : at).toLocaleString({
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
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

/** `America/Argentina/Buenos_Aires` → `America/Argentina/Buenos Aires`; an old name reads as the current one. */
export function zoneName(timeZone: string): string {
  return currentZoneName(timeZone).replaceAll('_', ' ');
}

/**
 * Old names the runtime's list (ICU/CLDR) still gives, mapped to the IANA names in use today. Both
 * are valid zones to luxon and the services, so an old name from a bookmark or a browser still works;
 * the picker offers and the forms send the current one.
 */
const currentNames: Record<string, string> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Etc/UTC': 'UTC',
  'Etc/GMT': 'UTC',
};

/** The current IANA name of a zone (`Asia/Calcutta` → `Asia/Kolkata`); any other name as given. */
export function currentZoneName(timeZone: string): string {
  const trimmed = timeZone.trim();
  return currentNames[trimmed] ?? trimmed;
}

/**
 * The zones the picker offers: the runtime's IANA list (`Intl.supportedValuesOf('timeZone')`) under
 * their current names, with UTC first (the list leaves it out) and any extra zone (the viewer's, an
 * interview's) kept in.
 */
export function timeZoneChoices(supported: readonly string[], ...extra: (string | undefined)[]): string[] {
  const zones = new Set(supported.map(currentZoneName).filter((zone) => zone !== 'UTC'));
  for (const zone of extra) if (zone && isTimeZone(zone) && currentZoneName(zone) !== 'UTC') zones.add(currentZoneName(zone));
  return ['UTC', ...[...zones].sort((a, b) => a.localeCompare(b))];
}

/** `UTC+05:30`, `UTC−03:00`, `UTC`: the zone's offset at that instant, for the picker's options. */
export function utcOffset(iso: string, timeZone: string): string {
  const minutes = inZone(iso, timeZone)?.offset ?? 0;
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '−';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
