// Scheduling takes a wall-clock time and an IANA zone, as a person says it ("10:00 in New York"), and
// the interview keeps the instant it means. Pure: the zone rules come with the runtime (ICU).
import { DateTime } from 'luxon';

export type WallClockInstant =
  { ok: true; instant: string } | { ok: false; reason: 'not-a-time' | 'unknown-zone' | 'skipped' };

const formatOf = (local: string) => (local.length > 16 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm");

/**
 * The UTC instant (ISO 8601) of `local` (`2026-12-01T10:00`) in `timeZone`. A time the clocks skip
 * (the spring-forward gap) has no instant: luxon would quietly move it on, which is not what anyone
 * asked for, so it is refused. A time the clocks pass twice (fall back) is its first occurrence, as
 * calendar programs read it (luxon alone would pick the second).
 */
export function instantOf(local: string, timeZone: string): WallClockInstant {
  const format = formatOf(local);
  // the wall clock read as if in UTC, which has no gaps: one that does not read back the same there
  // is not a time at all (24:00, 30 February)
  const wall = DateTime.fromISO(local, { zone: 'utc' });
  if (!wall.isValid || wall.toFormat(format) !== local) return { ok: false, reason: 'not-a-time' };
  const zoned = wall.setZone(timeZone, { keepLocalTime: true });
  if (!zoned.isValid) return { ok: false, reason: 'unknown-zone' };
  // the offsets in force around that day; each gives an instant, and it counts if it shows `local`
  const offsets = new Set([zoned.minus({ days: 1 }).offset, zoned.offset, zoned.plus({ days: 1 }).offset]);
  const instants = [...offsets]
    .map((offset) => wall.minus({ minutes: offset }))
    .filter((instant) => instant.setZone(timeZone).toFormat(format) === local)
    .sort((a, b) => a.toMillis() - b.toMillis());
  const [first] = instants;
  if (!first) return { ok: false, reason: 'skipped' };
  return { ok: true, instant: first.toUTC().toISO()! };
}
