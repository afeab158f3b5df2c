import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerMessage } from './messages.ts';

const room = {
  participants: [{ id: 'h1', name: 'Ada', role: 'host', audioMuted: false }],
  waiting: [{ id: 'candidate', name: 'Chidi', since: '2026-11-22T10:00:00Z' }],
  recording: false,
};
const grants = { publish: true, subscribe: true, admit: true, record: true, mute: true, end: true };

test('reads every message type the server sends', () => {
  const messages = [
    { type: 'welcome', participantId: 'h1', role: 'host', grants, state: 'in-room', room },
    { type: 'room', room },
    { type: 'admitted' },
    { type: 'published', sdp: 'v=0' },
    { type: 'subscribe', subscriptionId: 's1', publisherId: 'candidate', sdp: 'v=0' },
    { type: 'unsubscribed', subscriptionId: 's1' },
    { type: 'muted', byName: 'Ada' },
    { type: 'declined' },
    { type: 'ended' },
    { type: 'error', code: 'forbidden', message: 'Only interviewers can admit.', refused: 'admit' },
  ];
  for (const message of messages) assert.deepEqual(parseServerMessage(JSON.stringify(message)), message);
});

test('skips what is not JSON, not an object, of an unknown type, or missing what the client uses', () => {
  for (const data of [
    'not json',
    '[1,2]',
    'null',
    JSON.stringify({ type: 'teleport' }),
    JSON.stringify({ type: 'toString' }),
    JSON.stringify({ type: 'subscribe', subscriptionId: 's1', sdp: 'v=0' }),
    JSON.stringify({ type: 'welcome', participantId: 'h1', role: 'host', grants: { publish: true }, state: 'in-room', room }),
    JSON.stringify({ type: 'welcome', participantId: 'h1', role: 'admin', grants, state: 'in-room', room }),
    JSON.stringify({ type: 'room', room: { ...room, participants: [{ id: 'x' }] } }),
    JSON.stringify({ type: 'muted' }),
  ]) {
    assert.equal(parseServerMessage(data), null, data);
  }
  assert.equal(parseServerMessage(new ArrayBuffer(4)), null);
});
