import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkStart,
  displayStart,
  formatInZone,
  instantToZoned,
  isTimeZone,
  joinLocalDateTime,
  offsetLabel,
  timeZoneChoices,
  zonedToInstant,
} from './zoned-time.ts';

test('a date and a time field make one local date-time; malformed or impossible ones do not', () => {
  assert.equal(joinLocalDateTime('2026-12-01', '10:00'), '2026-12-01T10:00');
  assert.equal(joinLocalDateTime(' 2026-12-01 ', '09:05 '), '2026-12-01T09:05');
  assert.equal(joinLocalDateTime('', '10:00'), null);
  assert.equal(joinLocalDateTime('2026-12-01', ''), null);
  assert.equal(joinLocalDateTime('2026-04-31', '10:00'), null);
  assert.equal(joinLocalDateTime('2026-02-29', '10:00'), null);
  assert.equal(joinLocalDateTime('2028-02-29', '10:00'), '2028-02-29T10:00');
  assert.equal(joinLocalDateTime('2026-12-01', '24:00'), null);
  assert.equal(joinLocalDateTime('01/12/2026', '10:00'), null);
  assert.equal(joinLocalDateTime('2026-12-01', '10:00:00'), null);
});

const instant = (local: string, zone: string) => {
  const result = zonedToInstant(local, zone);
  return result.ok ? result.instant : result.reason;
};

test('a wall-clock time in a zone is the instant it names', () => {
  assert.equal(instant('2026-12-01T10:00', 'Europe/Berlin'), '2026-12-01T09:00:00.000Z');
  assert.equal(instant('2026-07-01T10:00', 'Europe/Berlin'), '2026-07-01T08:00:00.000Z');
  assert.equal(instant('2026-12-01T10:00', 'Asia/Kolkata'), '2026-12-01T04:30:00.000Z');
  assert.equal(instant('2026-12-01T10:00', 'America/New_York'), '2026-12-01T15:00:00.000Z');
  assert.equal(instant('2026-12-01T10:00', 'UTC'), '2026-12-01T10:00:00.000Z');
  // across the date line
  assert.equal(instant('2026-12-01T05:00', 'Pacific/Auckland'), '2026-11-30T16:00:00.000Z');
});

test('daylight saving: a skipped time has no instant, a repeated one is its first occurrence', () => {
  // Berlin jumps from 02:00 to 03:00 on 29 March 2026; New York on 8 March 2026
  assert.equal(instant('2026-03-29T02:30', 'Europe/Berlin'), 'skipped');
  assert.equal(instant('2026-03-08T02:30', 'America/New_York'), 'skipped');
  assert.equal(instant('2026-03-29T03:00', 'Europe/Berlin'), '2026-03-29T01:00:00.000Z');
  // Berlin passes 02:30 twice on 25 October 2026: first in summer time (UTC+2)
  assert.equal(instant('2026-10-25T02:30', 'Europe/Berlin'), '2026-10-25T00:30:00.000Z');
  // New York passes 01:30 twice on 1 November 2026: first in daylight time (UTC-4)
  assert.equal(instant('2026-11-01T01:30', 'America/New_York'), '2026-11-01T05:30:00.000Z');
});

test('a malformed time or an unknown zone gives no instant', () => {
  assert.equal(instant('2026-12-01T10:00', 'Mars/Olympus_Mons'), 'unknown-zone');
  assert.equal(instant('2026-12-01', 'UTC'), 'not-a-time');
  assert.equal(instant('tomorrow', 'UTC'), 'not-a-time');
  assert.equal(instant('2026-02-30T10:00', 'UTC'), 'not-a-time');
});

test('a posted start is checked field by field before the service sees it', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  assert.deepEqual(checkStart({ date: '2026-12-01', time: '10:00', timeZone: 'Asia/Tokyo' }, now), {
    startsAt: '2026-12-01T10:00',
    errors: {},
  });
  assert.deepEqual(checkStart({ date: '', time: '', timeZone: 'UTC' }, now).errors, {
    date: 'Choose a date',
    time: 'Choose a time',
  });
  assert.deepEqual(checkStart({ date: '2026-11-31', time: '10:00', timeZone: 'UTC' }, now), {
    startsAt: null,
    errors: { date: 'Enter a real date and time' },
  });
  // 21:30 in Tokyo on 22 November is 12:30 UTC: still ahead; 20:30 there is already behind
  assert.deepEqual(checkStart({ date: '2026-11-22', time: '21:30', timeZone: 'Asia/Tokyo' }, now).errors, {});
  assert.deepEqual(checkStart({ date: '2026-11-22', time: '20:30', timeZone: 'Asia/Tokyo' }, now).errors, {
    date: 'Choose a time in the future',
  });
  assert.match(
    checkStart({ date: '2027-03-28', time: '02:30', timeZone: 'Europe/Berlin' }, now).errors.time ?? '',
    /does not exist/,
  );
  // an unknown zone is the contract's to name
  assert.deepEqual(checkStart({ date: '2027-01-01', time: '10:00', timeZone: 'Nowhere/Else' }, now).errors, {});
});

test('an instant reads back as the date and time fields of its zone', () => {
  assert.deepEqual(instantToZoned('2026-12-01T09:00:00.000Z', 'Europe/Berlin'), { date: '2026-12-01', time: '10:00' });
  assert.deepEqual(instantToZoned('2026-11-30T16:00:00Z', 'Pacific/Auckland'), { date: '2026-12-01', time: '05:00' });
  assert.deepEqual(instantToZoned('2026-12-01T23:30:00Z', 'UTC'), { date: '2026-12-01', time: '23:30' });
  assert.equal(instantToZoned('not a date', 'UTC'), null);
  assert.equal(instantToZoned('2026-12-01T09:00:00Z', 'Nowhere/Else'), null);
  // and back again
  for (const zone of ['Asia/Kolkata', 'America/St_Johns', 'Australia/Adelaide', 'Europe/London']) {
    const fields = instantToZoned('2026-06-15T12:45:00.000Z', zone)!;
    assert.equal(instant(`${fields.date}T${fields.time}`, zone), '2026-06-15T12:45:00.000Z', zone);
  }
});

test('offsets read as people write them', () => {
  assert.equal(offsetLabel('2026-12-01T09:00:00Z', 'Europe/Berlin'), 'GMT+1');
  assert.equal(offsetLabel('2026-07-01T09:00:00Z', 'Europe/Berlin'), 'GMT+2');
  assert.equal(offsetLabel('2026-12-01T09:00:00Z', 'Asia/Kolkata'), 'GMT+5:30');
  assert.equal(offsetLabel('2026-12-01T09:00:00Z', 'America/St_Johns'), 'GMT-3:30');
  assert.equal(offsetLabel('2026-12-01T09:00:00Z', 'UTC'), 'GMT');
});

test('a start shows in its own zone, and in the viewer’s when the clocks differ', () => {
  assert.equal(formatInZone('2026-12-01T04:30:00Z', 'Asia/Kolkata'), 'Tue 1 Dec 2026, 10:00');
  assert.deepEqual(displayStart('2026-12-01T04:30:00Z', 'Asia/Kolkata', 'Europe/Berlin'), {
    text: 'Tue 1 Dec 2026, 10:00',
    zone: 'Asia/Kolkata (GMT+5:30)',
    viewer: { text: 'Tue 1 Dec 2026, 05:30', zone: 'Europe/Berlin (GMT+1)' },
  });
  // Paris and Berlin share a clock: said once
  assert.equal(displayStart('2026-12-01T09:00:00Z', 'Europe/Paris', 'Europe/Berlin').viewer, null);
  // an unknown viewer zone (an old browser) is read as UTC
  assert.deepEqual(displayStart('2026-12-01T09:00:00Z', 'America/Argentina/Buenos_Aires', '').viewer, {
    text: 'Tue 1 Dec 2026, 09:00',
    zone: 'UTC',
  });
  assert.equal(
    displayStart('2026-12-01T09:00:00Z', 'America/Argentina/Buenos_Aires', 'UTC').zone,
    'America/Argentina/Buenos Aires (GMT-3)',
  );
});

test('the zone list has UTC first, then every zone once, sorted, with extra zones kept', () => {
  const choices = timeZoneChoices(
    ['Europe/Berlin', 'Africa/Abidjan', 'UTC'],
    'Asia/Calcutta',
    'Europe/Berlin',
    undefined,
    'Not/AZone',
  );
  assert.deepEqual(choices, ['UTC', 'Africa/Abidjan', 'Asia/Calcutta', 'Europe/Berlin']);
  const all = timeZoneChoices(Intl.supportedValuesOf('timeZone'));
  assert.equal(all[0], 'UTC');
  assert.equal(new Set(all).size, all.length);
  assert.ok(all.includes('Asia/Tokyo'));
});

test('the form reads a start as the invite service does (the cases of its wall-clock spec)', () => {
  // the same table as services/invite/src/live-interview/wall-clock.unit.spec.ts, minus seconds
  // (the form posts minutes only): a start the form accepts is one the service accepts, at the same instant
  assert.equal(instant('2026-01-15T10:00', 'America/New_York'), '2026-01-15T15:00:00.000Z');
  assert.equal(instant('2026-07-15T10:00', 'America/New_York'), '2026-07-15T14:00:00.000Z');
  assert.equal(instant('2026-12-31T23:30', 'Asia/Kolkata'), '2026-12-31T18:00:00.000Z');
  assert.equal(instant('2026-03-29T02:00', 'Europe/Berlin'), 'skipped');
  for (const local of ['2026-02-30T10:00', '2026-01-15T24:00', '2026-13-01T10:00', '2026-01-15T10:00:30'])
    assert.equal(instant(local, 'UTC'), 'not-a-time', local);
});

test('a zone is an IANA name the runtime knows', () => {
  for (const zone of ['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Asia/Calcutta'])
    assert.equal(isTimeZone(zone), true, zone);
  for (const zone of ['', 'Mars/Olympus_Mons', 'Europe/', 'GMT+5:30']) assert.equal(isTimeZone(zone), false, zone);
});

test('a start far from the zone’s daylight-saving change still shows its own offset, and a malformed one shows as given', () => {
  // the day before and after Berlin's spring change: the offset is that of the instant, not of today
  assert.equal(displayStart('2026-03-28T09:00:00Z', 'Europe/Berlin', 'UTC').zone, 'Europe/Berlin (GMT+1)');
  assert.equal(displayStart('2026-03-30T09:00:00Z', 'Europe/Berlin', 'UTC').zone, 'Europe/Berlin (GMT+2)');
  assert.equal(formatInZone('not a date', 'UTC'), 'not a date');
  assert.equal(formatInZone('2026-12-01T09:00:00Z', 'Nowhere/Else'), '2026-12-01T09:00:00Z');
  assert.equal(displayStart('not a date', 'Europe/Berlin', 'Asia/Tokyo').viewer, null);
});
