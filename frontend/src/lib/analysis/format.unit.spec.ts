import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clockInZone, dayInZone, formatAverage, formatInZone, formatSeconds } from './format.ts';

test('a start is written in the zone it was scheduled in, which is named', () => {
  assert.equal(formatInZone('2026-12-01T09:00:00.000Z', 'Europe/Berlin'), 'Tue 1 Dec 2026, 10:00 (Europe/Berlin)');
  assert.equal(formatInZone('2026-07-01T09:00:00.000Z', 'Europe/Berlin'), 'Wed 1 Jul 2026, 11:00 (Europe/Berlin)');
  assert.equal(
    formatInZone('2026-12-01T09:00:00.000Z', 'America/New_York'),
    'Tue 1 Dec 2026, 04:00 (America/New_York)',
  );
  assert.equal(formatInZone('not a time', 'UTC'), 'not a time');
});

test('the timeline clock and a day are in the zone too', () => {
  assert.equal(clockInZone('2026-12-01T23:30:05.000Z', 'Asia/Tokyo'), '08:30:05');
  assert.equal(dayInZone('2026-12-01T23:30:05.000Z', 'Asia/Tokyo'), '2 Dec 2026');
});

test('durations are written for people', () => {
  assert.equal(formatSeconds(45), '45 s');
  assert.equal(formatSeconds(750), '12 min 30 s');
  assert.equal(formatSeconds(600), '10 min');
  assert.equal(formatSeconds(3720), '1 h 02 min');
  assert.equal(formatSeconds(null), '—');
});

test('an average has one decimal, and none while nobody scored', () => {
  assert.equal(formatAverage(4.5), '4.5');
  assert.equal(formatAverage(11 / 3), '3.7');
  assert.equal(formatAverage(4), '4.0');
  assert.equal(formatAverage(null), null);
});
