// Time zones for people and for calendars. A live interview is scheduled in an IANA zone; its emails
// show the wall-clock time there with the zone's name and abbreviation, and its .ics names the zone
// with a VTIMEZONE from timezones-ical-library (the IANA rules as iCalendar), so a calendar shows the
// right time however its owner's clock is set, across daylight-saving changes too.
import { DateTime } from 'luxon';
import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';

export interface CalendarZone {
  /** the zone's canonical id (the library maps aliases: `UTC` → `Etc/UTC`, `US/Eastern` → `America/New_York`) */
  tzid: string;
  /** BEGIN:VTIMEZONE … END:VTIMEZONE, CRLF lines */
  vtimezone: string;
}

let known: Set<string> | undefined;
const knownZones = () => (known ??= new Set(tzlib_get_timezones() as string[]));

/** The VTIMEZONE of a zone, or null for one the library does not know (a calendar then gets UTC). */
export function calendarZoneOf(timeZone: string): CalendarZone | null {
  // asked about a zone it does not know, the library logs an error: ask only about known ones
  if (!knownZones().has(timeZone)) return null;
  const block = tzlib_get_ical_block(timeZone);
  if (!Array.isArray(block) || !block[0]) return null;
  const tzid = /^TZID:(.+)$/m.exec(block[0])?.[1]?.trim();
  // a zone luxon (Intl) cannot read would print wrong local times under a right-looking TZID
  if (!tzid || !DateTime.now().setZone(tzid).isValid) return null;
  return { tzid, vtimezone: block[0] };
}

/** The start as a wall-clock time in its zone; throws on an invalid instant or zone. */
export function zonedStart(startsAt: string, timeZone: string): DateTime<true> {
  const start = DateTime.fromISO(startsAt, { zone: timeZone });
  if (!start.isValid) throw new Error(`cannot place ${startsAt} in time zone ${timeZone}: ${start.invalidExplanation}`);
  return start;
}

function utcOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The zone's abbreviation at that moment (EST, CEST, JST), from the IANA names the VTIMEZONE carries;
 * where IANA has only a number (`-03`) or none, the offset (`UTC-03:00`). Intl's short names depend on
 * the locale (en-GB says "GMT-5" for New York), so they are not used.
 */
export function zoneAbbreviation(start: DateTime<true>): string {
  const zone = calendarZoneOf(start.zoneName);
  if (zone) {
    const components = zone.vtimezone.matchAll(
      /TZNAME:([^\r\n]+)\r?\nTZOFFSETFROM:[^\r\n]+\r?\nTZOFFSETTO:([+-])(\d\d)(\d\d)/g,
    );
    for (const [, name, sign, hours, minutes] of components) {
      const offset = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
      if (offset === start.offset && /^[A-Za-z]{2,6}$/.test(name!)) return name!;
    }
  }
  return utcOffset(start.offset);
}

/** "Tuesday, 1 December 2026, 10:00 (America/New_York, EST)": the zone the recruiter chose, spelled out. */
export function formatInterviewTime(startsAt: string, timeZone: string): string {
  const start = zonedStart(startsAt, timeZone);
  const abbreviation = zoneAbbreviation(start);
  const zone = abbreviation === timeZone ? timeZone : `${timeZone}, ${abbreviation}`;
  return `${start.setLocale('en-GB').toFormat('cccc, d LLLL yyyy, HH:mm')} (${zone})`;
}

/** "Tue 1 Dec 2026, 10:00 EST": short enough for a subject line. */
export function formatShortTime(startsAt: string, timeZone: string): string {
  const start = zonedStart(startsAt, timeZone);
  return `${start.setLocale('en-GB').toFormat('ccc d LLL yyyy, HH:mm')} ${zoneAbbreviation(start)}`;
}

/** "45 minutes", "1 hour", "1 hour 30 minutes". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [
    ...(hours > 0 ? [`${hours} hour${hours === 1 ? '' : 's'}`] : []),
    ...(rest > 0 || hours === 0 ? [`${rest} minute${rest === 1 ? '' : 's'}`] : []),
  ];
  return parts.join(' ');
}
