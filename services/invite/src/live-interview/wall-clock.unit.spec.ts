import { instantOf } from './wall-clock';

describe('instantOf (wall clock + zone → UTC instant)', () => {
  it.each([
    ['2026-01-15T10:00', 'America/New_York', '2026-01-15T15:00:00.000Z'], // EST, UTC-5
    ['2026-07-15T10:00', 'America/New_York', '2026-07-15T14:00:00.000Z'], // EDT, UTC-4
    ['2026-07-15T10:00:30', 'Europe/Berlin', '2026-07-15T08:00:30.000Z'],
    ['2026-12-31T23:30', 'Asia/Kolkata', '2026-12-31T18:00:00.000Z'],
    ['2026-01-15T10:00', 'UTC', '2026-01-15T10:00:00.000Z'],
    // the clocks pass 01:30 twice on 1 Nov 2026 in New York: the first (EDT) is meant
    ['2026-11-01T01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'],
  ])('%s in %s is %s', (local, zone, instant) => {
    expect(instantOf(local, zone)).toEqual({ ok: true, instant });
  });

  it('refuses a time the clocks skip (spring forward), rather than moving it', () => {
    expect(instantOf('2026-03-08T02:30', 'America/New_York')).toEqual({ ok: false, reason: 'skipped' });
    expect(instantOf('2026-03-29T02:00', 'Europe/Berlin')).toEqual({ ok: false, reason: 'skipped' });
  });

  it('refuses what is not a date and time, and an unknown zone', () => {
    for (const local of ['2026-02-30T10:00', '2026-01-15T24:00', '2026-13-01T10:00', '2026-01-15T10:00:60'])
      expect(instantOf(local, 'UTC')).toEqual({ ok: false, reason: 'not-a-time' });
    expect(instantOf('2026-01-15T10:00', 'Mars/Olympus_Mons')).toEqual({ ok: false, reason: 'unknown-zone' });
  });
});
