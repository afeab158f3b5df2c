import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, groupInterviews, linkDisplays, liveStatusOf, roomOf } from './live-schedule.ts';

const interview = (id: string, startsAt: string, status: 'scheduled' | 'cancelled' | 'declined' = 'scheduled') => ({
  id,
  startsAt,
  durationMinutes: 30,
  status,
});
const room = (
  id: string,
  status: 'scheduled' | 'waiting' | 'in_progress' | 'ended' | 'cancelled',
  recording = false,
) => ({
  id,
  status,
  recording,
});

test('a row’s status: cancelled from the interview, otherwise the room’s; none without a room', () => {
  const rooms = [room('a', 'waiting'), room('room-b', 'in_progress', true), room('c', 'scheduled')];
  assert.deepEqual(liveStatusOf(interview('a', '2026-12-01T09:00:00Z'), roomOf('a', rooms)), {
    status: 'waiting',
    recording: false,
  });
  assert.deepEqual(liveStatusOf(interview('b', '2026-12-01T09:00:00Z'), roomOf('b', rooms)), {
    status: 'in_progress',
    recording: true,
  });
  // the room may not have heard of the cancellation yet
  assert.deepEqual(liveStatusOf(interview('c', '2026-12-01T09:00:00Z', 'cancelled'), roomOf('c', rooms)), {
    status: 'cancelled',
    recording: false,
  });
  assert.equal(liveStatusOf(interview('d', '2026-12-01T09:00:00Z'), roomOf('d', rooms)), null);
  assert.equal(liveStatusOf(interview('a', '2026-12-01T09:00:00Z'), roomOf('a', null)), null);
  // a recording flag left over after the end is not shown as recording
  assert.deepEqual(liveStatusOf(interview('e', '2026-12-01T09:00:00Z'), room('e', 'ended', true)), {
    status: 'ended',
    recording: false,
  });
});

test('interviews group into upcoming (soonest first), past (latest first) and cancelled', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  const list = [
    interview('later', '2026-12-03T09:00:00Z'),
    interview('soon', '2026-12-01T13:00:00Z'),
    interview('over', '2026-12-01T08:00:00Z'),
    interview('long-over', '2026-11-20T08:00:00Z'),
    // started 20 minutes ago, 30 minutes long: still on
    interview('running', '2026-12-01T11:40:00Z'),
    interview('ended-early', '2026-12-01T11:50:00Z'),
    // overran its slot, but the room says it is still going
    interview('overrunning', '2026-12-01T10:00:00Z'),
    interview('cancelled-1', '2026-12-05T09:00:00Z', 'cancelled'),
    interview('cancelled-2', '2026-12-06T09:00:00Z', 'cancelled'),
  ];
  const statuses: Record<string, 'ended' | 'in_progress'> = { 'ended-early': 'ended', overrunning: 'in_progress' };
  const groups = groupInterviews(list, now, (i) => statuses[i.id] ?? null);
  const ids = (items: { id: string }[]) => items.map((i) => i.id);
  assert.deepEqual(ids(groups.upcoming), ['overrunning', 'running', 'soon', 'later']);
  assert.deepEqual(ids(groups.past), ['ended-early', 'over', 'long-over']);
  assert.deepEqual(ids(groups.cancelled), ['cancelled-2', 'cancelled-1']);
  assert.deepEqual(groupInterviews([], now), { upcoming: [], past: [], cancelled: [] });
});

test('durations read in hours and minutes', () => {
  assert.equal(formatDuration(45), '45 min');
  assert.equal(formatDuration(60), '1 h');
  assert.equal(formatDuration(90), '1 h 30 min');
  assert.equal(formatDuration(480), '8 h');
});

test('a declined candidate: the row says Declined and goes to past; the candidate link is refused, the host link not', () => {
  const declinedRoom = { ...room('f', 'waiting', false), declinedAt: '2026-12-01T08:55:00Z' };
  const live = liveStatusOf(interview('f', '2026-12-01T09:00:00Z'), declinedRoom);
  assert.deepEqual(live, { status: 'declined', recording: false });
  const row = { status: 'scheduled' as const, candidateLinkState: 'active' as const, hostLinkState: 'active' as const };
  assert.deepEqual(linkDisplays(row, live), { candidate: 'declined', host: 'active' });
  const now = Date.parse('2026-11-30T00:00:00Z');
  assert.deepEqual(
    groupInterviews([interview('f', '2026-12-01T09:00:00Z')], now, () => 'declined').past.map((i) => i.id),
    ['f'],
  );
  // a declined candidate who was admitted later is not possible; an ended room wins anyway
  assert.deepEqual(liveStatusOf(interview('f', '2026-12-01T09:00:00Z'), { ...declinedRoom, status: 'ended' }), {
    status: 'ended',
    recording: false,
  });
});

test('the candidate declined from their link: Declined whatever the room says, both links refused, in the past', () => {
  // the room is closed (cancelled) by the media service a moment later; until then it still waits
  for (const roomNow of [room('g', 'scheduled'), room('g', 'cancelled'), null]) {
    const live = liveStatusOf(interview('g', '2026-12-01T09:00:00Z', 'declined'), roomNow);
    assert.deepEqual(live, { status: 'declined', recording: false });
    const row = { status: 'declined' as const, candidateLinkState: 'active' as const, hostLinkState: 'active' as const };
    assert.deepEqual(linkDisplays(row, live), { candidate: 'declined', host: 'declined' });
  }
  const now = Date.parse('2026-11-30T00:00:00Z');
  assert.deepEqual(groupInterviews([interview('g', '2026-12-01T09:00:00Z', 'declined')], now).past.map((i) => i.id), ['g']);
});

test('what the links do now: ended and cancelled close both, a revoked link stays revoked', () => {
  const row = { status: 'scheduled' as const, candidateLinkState: 'active' as const, hostLinkState: 'revoked' as const };
  assert.deepEqual(linkDisplays(row, { status: 'ended' }), { candidate: 'ended', host: 'revoked' });
  assert.deepEqual(linkDisplays(row, { status: 'in_progress' }), { candidate: 'active', host: 'revoked' });
  assert.deepEqual(linkDisplays(row, null), { candidate: 'active', host: 'revoked' });
  assert.deepEqual(linkDisplays({ ...row, status: 'cancelled' }, null), { candidate: 'cancelled', host: 'revoked' });
});
