// Time and grouping for scheduled live interviews, shared by the server and the browser. An
// interview starts at an instant (UTC) and was scheduled in an IANA time zone: the dashboard shows
// it in that zone (what the candidate was told) and in the viewer's own. Pure: the clock and the
// viewer's zone come in as arguments, so the server's render and the tests are deterministic.

/** `2026-12-01T10:00`: the wall-clock form the forms post and the API reads in a time zone. */
export type LocalDateTime = `${string}T${string}`;

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const timePattern = /^(\d{2}):(\d{2})$/;

export function isTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The date and time fields of a form as one local date-time; null when either is not well formed. */
export function joinLocalDateTime(date: string, time: string): LocalDateTime | null {
  const d = datePattern.exec(date.trim());
  const t = timePattern.exec(time.trim());
  if (!d || !t) return null;
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hour, minute] = [Number(t[1]), Number(t[2])];
  if (hour > 23 || minute > 59) return null;
  // a date that does not exist (31 April) rolls over in Date.UTC: refuse it instead
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return `${date.trim()}T${time.trim()}`;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockIn(epochMs: number, timeZone: string): WallClock {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    partFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(epochMs)).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** How far the zone's wall clock is ahead of UTC at that instant, in minutes. */
export function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  const wall = wallClockIn(epochMs, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  return Math.round((asUtc - Math.floor(epochMs / 60_000) * 60_000) / 60_000);
}

export type ZonedInstant =
  { ok: true; instant: string } | { ok: false; reason: 'not-a-time' | 'unknown-zone' | 'skipped' };

/**
 * The instant (ISO, UTC) of a wall-clock time in a zone: `2026-12-01T10:00` in `Europe/Berlin` is
 * `2026-12-01T09:00:00.000Z`. Read as the invite service reads it: a time the clocks skip (spring
 * forward) has no instant, and a time they pass twice (fall back) is its first occurrence.
 */
export function zonedToInstant(local: string, timeZone: string): ZonedInstant {
  const [date = '', time = ''] = local.split('T');
  if (time.length !== 5 || !joinLocalDateTime(date, time)) return { ok: false, reason: 'not-a-time' };
  if (!isTimeZone(timeZone)) return { ok: false, reason: 'unknown-zone' };
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wallAsUtc = Date.UTC(y, mo - 1, d, h, mi);
  // every offset in force around that day gives a candidate; it counts if the zone shows `local` then
  const day = 86_400_000;
  const offsets = new Set([-day, 0, day].map((shift) => zoneOffsetMinutes(wallAsUtc + shift, timeZone)));
  const matching = [...offsets]
    .map((offset) => wallAsUtc - offset * 60_000)
    .filter((instant) => {
      const shown = instantToZoned(new Date(instant).toISOString(), timeZone);
      return shown?.date === date && shown.time === time;
    })
    .sort((a, b) => a - b);
  const [first] = matching;
  return first === undefined ? { ok: false, reason: 'skipped' } : { ok: true, instant: new Date(first).toISOString() };
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

/** The wall-clock date and time of an instant in a zone, for prefilling a date and a time field. */
export function instantToZoned(iso: string, timeZone: string): { date: string; time: string } | null {
  const epochMs = Date.parse(iso);
  if (Number.isNaN(epochMs) || !isTimeZone(timeZone)) return null;
  const wall = wallClockIn(epochMs, timeZone);
  const pad = (value: number, length = 2) => String(value).padStart(length, '0');
  return {
    date: `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`,
    time: `${pad(wall.hour)}:${pad(wall.minute)}`,
  };
}

/** `GMT+5:30`, `GMT`: the zone's offset at that instant, as people read it. */
export function offsetLabel(iso: string, timeZone: string): string {
  const minutes = zoneOffsetMinutes(Date.parse(iso), timeZone);
  if (minutes === 0) return 'GMT';
  const sign = minutes > 0 ? '+' : '-';
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return `GMT${sign}${hours}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`;
}

/** `Tue 1 Dec 2026, 10:00`: date and time in the zone (24-hour clock, English, like the rest of the dashboard). */
export function formatInZone(iso: string, timeZone: string): string {
  const epochMs = Date.parse(iso);
  if (Number.isNaN(epochMs) || !isTimeZone(timeZone)) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(epochMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')}`;
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
  const epochMs = Date.parse(iso);
  const sameClock = Number.isNaN(epochMs) || zoneOffsetMinutes(epochMs, zone) === zoneOffsetMinutes(epochMs, viewer);
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

// ---------------------------------------------------------------------------------------------------
// The table of a template's interviews

export type LiveStatus = 'scheduled' | 'waiting' | 'in_progress' | 'ended' | 'cancelled';

export const liveStatusLabels: Record<LiveStatus, string> = {
  scheduled: 'Scheduled',
  waiting: 'Candidate waiting',
  in_progress: 'In progress',
  ended: 'Ended',
  cancelled: 'Cancelled',
};

interface InterviewLike {
  id: string;
  startsAt: string;
  durationMinutes: number;
  status: 'scheduled' | 'cancelled';
}

interface RoomLike {
  id: string;
  status: LiveStatus;
  recording: boolean;
}

/** A room is the interview's: same id, or `room-<interview id>`. */
export function roomOf<R extends RoomLike>(interviewId: string, rooms: readonly R[] | null): R | null {
  return rooms?.find((room) => room.id === interviewId || room.id === `room-${interviewId}`) ?? null;
}

/**
 * The status a row shows. A cancellation is the invite service's (the write the recruiter just made);
 * otherwise the media room says where the interview is. No room known (the media service is not
 * answering, or has not seen the interview yet): no status, rather than a guess.
 */
export function liveStatusOf(
  interview: InterviewLike,
  room: RoomLike | null,
): { status: LiveStatus; recording: boolean } | null {
  if (interview.status === 'cancelled') return { status: 'cancelled', recording: false };
  if (!room) return null;
  return { status: room.status, recording: room.recording && room.status === 'in_progress' };
}

export interface InterviewGroups<T> {
  /** not over yet, soonest first */
  upcoming: T[];
  /** over (ended, or past their scheduled end), latest first */
  past: T[];
  /** latest first */
  cancelled: T[];
}

/**
 * Sorts a template's interviews into the table's sections. An interview counts as past once its
 * room has ended, or, without a room status, once its scheduled time plus its duration is behind `now`.
 */
export function groupInterviews<T extends InterviewLike>(
  interviews: readonly T[],
  now: number,
  statusOf: (interview: T) => LiveStatus | null = () => null,
): InterviewGroups<T> {
  const groups: InterviewGroups<T> = { upcoming: [], past: [], cancelled: [] };
  for (const interview of interviews) {
    const status = interview.status === 'cancelled' ? 'cancelled' : statusOf(interview);
    if (status === 'cancelled') groups.cancelled.push(interview);
    else if (status === 'ended') groups.past.push(interview);
    else if (status === 'waiting' || status === 'in_progress') groups.upcoming.push(interview);
    else if (Date.parse(interview.startsAt) + interview.durationMinutes * 60_000 <= now) groups.past.push(interview);
    else groups.upcoming.push(interview);
  }
  const byStart = (a: T, b: T) => Date.parse(a.startsAt) - Date.parse(b.startsAt);
  groups.upcoming.sort(byStart);
  groups.past.sort((a, b) => byStart(b, a));
  groups.cancelled.sort((a, b) => byStart(b, a));
  return groups;
}

/** `45 min`, `1 h`, `1 h 30 min`. */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
