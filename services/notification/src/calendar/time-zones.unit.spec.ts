import {
  calendarZoneOf,
  formatDuration,
  formatInterviewTime,
  formatShortTime,
  zoneAbbreviation,
  zonedStart,
} from './time-zones';

describe('time zones for people', () => {
  it('spells out the wall-clock time in the interview zone, with its name and abbreviation', () => {
    expect(formatInterviewTime('2026-12-01T15:00:00.000Z', 'America/New_York')).toBe(
      'Tuesday, 1 December 2026, 10:00 (America/New_York, EST)',
    );
    expect(formatInterviewTime('2026-07-01T14:00:00.000Z', 'America/New_York')).toBe(
      'Wednesday, 1 July 2026, 10:00 (America/New_York, EDT)',
    );
    expect(formatShortTime('2026-12-01T15:00:00.000Z', 'America/New_York')).toBe('Tue 1 Dec 2026, 10:00 EST');
  });

  it('follows daylight saving time in Berlin', () => {
    expect(formatInterviewTime('2026-07-01T08:00:00.000Z', 'Europe/Berlin')).toBe(
      'Wednesday, 1 July 2026, 10:00 (Europe/Berlin, CEST)',
    );
    expect(formatInterviewTime('2026-01-15T09:00:00.000Z', 'Europe/Berlin')).toBe(
      'Thursday, 15 January 2026, 10:00 (Europe/Berlin, CET)',
    );
  });

  it('uses the offset where the zone has no lettered abbreviation, and says UTC once', () => {
    expect(formatInterviewTime('2026-12-01T15:00:00.000Z', 'America/Sao_Paulo')).toBe(
      'Tuesday, 1 December 2026, 12:00 (America/Sao_Paulo, UTC-03:00)',
    );
    expect(formatInterviewTime('2026-12-01T15:00:00.000Z', 'Asia/Kolkata')).toBe(
      'Tuesday, 1 December 2026, 20:30 (Asia/Kolkata, IST)',
    );
    expect(formatInterviewTime('2026-12-01T15:00:00.000Z', 'UTC')).toBe('Tuesday, 1 December 2026, 15:00 (UTC)');
    expect(zoneAbbreviation(zonedStart('2026-12-01T15:00:00.000Z', 'Asia/Kathmandu'))).toBe('UTC+05:45');
  });

  it('refuses an instant or a zone it cannot place', () => {
    expect(() => formatInterviewTime('not a date', 'Europe/Berlin')).toThrow(/cannot place/);
    expect(() => formatInterviewTime('2026-12-01T15:00:00.000Z', 'Mars/Olympus_Mons')).toThrow(/cannot place/);
  });

  it('says durations in words', () => {
    expect(formatDuration(45)).toBe('45 minutes');
    expect(formatDuration(60)).toBe('1 hour');
    expect(formatDuration(90)).toBe('1 hour 30 minutes');
    expect(formatDuration(121)).toBe('2 hours 1 minute');
  });
});

describe('time zones for calendars', () => {
  it('gives the VTIMEZONE of a zone under its canonical id, and null for an unknown zone', () => {
    expect(calendarZoneOf('Europe/Berlin')).toMatchObject({ tzid: 'Europe/Berlin' });
    expect(calendarZoneOf('Europe/Berlin')?.vtimezone).toMatch(
      /^BEGIN:VTIMEZONE\r\nTZID:Europe\/Berlin\r\n[\s\S]*END:VTIMEZONE$/,
    );
    expect(calendarZoneOf('US/Eastern')?.tzid).toBe('America/New_York');
    expect(calendarZoneOf('Mars/Olympus_Mons')).toBeNull();
  });
});
