import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeStart, formatInZone, msUntilOpening, waitingRoomOpensAt } from './schedule.ts';

test('the waiting room opens 15 minutes before the start', () => {
  assert.equal(waitingRoomOpensAt('2026-12-01T09:00:00Z').toISOString(), '2026-12-01T08:45:00.000Z');
  assert.equal(msUntilOpening('2026-12-01T09:00:00Z', new Date('2026-12-01T08:40:00Z')), 5 * 60_000);
  assert.equal(msUntilOpening('2026-12-01T09:00:00Z', new Date('2026-12-01T08:50:00Z')), 0);
  assert.equal(msUntilOpening('not a date', new Date()), 0);
  // months ahead: capped to what setTimeout can wait
  assert.equal(msUntilOpening('2027-12-01T09:00:00Z', new Date('2026-12-01T09:00:00Z')), 2 ** 31 - 1);
});

test('a start reads in the scheduled zone, with its name', () => {
  const text = formatInZone('2026-12-01T09:00:00Z', 'Europe/Berlin');
  assert.match(text, /Tuesday/);
  assert.match(text, /1 December 2026/);
  assert.match(text, /10:00/);
  assert.match(text, /\(Europe\/Berlin\)$/);
  assert.match(formatInZone('2026-12-01T09:00:00Z', 'Not/AZone'), /^2026-12-01 09:00 UTC$/);
  assert.match(formatInZone('2026-12-01T09:00:00Z', 'UTC'), /09:00 UTC$/);
});

test('the reader sees their own time too, unless it reads the same', () => {
  const away = describeStart('2026-12-01T09:00:00Z', 'Europe/Berlin', 'America/New_York');
  assert.match(away.scheduled, /10:00/);
  assert.match(away.local ?? '', /04:00/);
  assert.match(away.local ?? '', /America\/New_York/);
  assert.equal(describeStart('2026-12-01T09:00:00Z', 'Europe/Berlin', 'Europe/Berlin').local, null);
  assert.equal(describeStart('2026-12-01T09:00:00Z', 'Europe/Berlin', 'Europe/Paris').local, null);
  assert.equal(describeStart('2026-12-01T09:00:00Z', 'Europe/Berlin', undefined).local, null);
});

test('whether the reader’s time reads the same depends on the instant (daylight saving), not on today', () => {
  // London is on UTC in winter and an hour ahead in summer
  assert.equal(describeStart('2026-12-01T09:00:00Z', 'UTC', 'Europe/London').local, null);
  assert.match(describeStart('2026-07-01T09:00:00Z', 'UTC', 'Europe/London').local ?? '', /10:00/);
  // a zone the runtime does not know reads differently from a known one, shown as UTC
  assert.match(
    describeStart('2026-12-01T09:00:00Z', 'Europe/Berlin', 'Not/AZone').local ?? '',
    /^2026-12-01 09:00 UTC$/,
  );
  assert.equal(describeStart('not a date', 'Europe/Berlin', 'Asia/Tokyo').local, null);
});
