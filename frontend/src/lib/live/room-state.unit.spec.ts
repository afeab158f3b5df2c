import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RoomSnapshot, ServerMessage } from '@candor/contracts';
import * as room from './room-state.ts';

const candidateGrants = { publish: true, subscribe: true, admit: false, record: false, mute: false, end: false };
const hostGrants = { publish: true, subscribe: true, admit: true, record: true, mute: true, end: true };
const emptyRoom: RoomSnapshot = { participants: [], waiting: [], recording: false };

function welcome(state: 'waiting' | 'in-room', role: 'candidate' | 'host' = 'candidate'): ServerMessage {
  return {
    type: 'welcome',
    participantId: role === 'candidate' ? 'candidate' : 'h1',
    role,
    grants: role === 'candidate' ? candidateGrants : hostGrants,
    state,
    room: emptyRoom,
  };
}

/** Runs messages through the machine from the start, collecting every effect. */
function run(...messages: ServerMessage[]): room.Step {
  let state = room.initialState();
  const effects: room.Effect[] = [];
  for (const message of messages) {
    const step = room.receive(state, message);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects };
}

test('a candidate welcomed into the waiting room publishes nothing until admitted, then publishes once', () => {
  const waiting = run(welcome('waiting'));
  assert.equal(waiting.state.phase, 'waiting');
  assert.equal(waiting.state.connection, 'open');
  assert.deepEqual(waiting.effects, []);
  assert.deepEqual(room.controls(waiting.state), { admit: false, mute: false, record: false, end: false });

  const admitted = run(welcome('waiting'), { type: 'admitted' }, { type: 'admitted' });
  assert.equal(admitted.state.phase, 'in-room');
  assert.deepEqual(admitted.effects, [{ type: 'publish' }]);
});

test('a host (or an admitted candidate coming back) is welcomed straight into the room and publishes', () => {
  const host = run(welcome('in-room', 'host'));
  assert.equal(host.state.phase, 'in-room');
  assert.deepEqual(host.effects, [{ type: 'publish' }]);
  assert.deepEqual(room.controls(host.state), { admit: true, mute: true, record: true, end: true });
});

test('the server answer, offers and removals become effects for the peer connections', () => {
  const { effects } = run(
    welcome('in-room', 'host'),
    { type: 'published', sdp: 'answer' },
    { type: 'subscribe', subscriptionId: 's1', publisherId: 'candidate', sdp: 'offer' },
    { type: 'unsubscribed', subscriptionId: 's1' },
  );
  assert.deepEqual(effects, [
    { type: 'publish' },
    { type: 'accept-answer', sdp: 'answer' },
    { type: 'subscribe', subscriptionId: 's1', publisherId: 'candidate', sdp: 'offer' },
    { type: 'unsubscribe', subscriptionId: 's1' },
  ]);
});

test('offers are answered whatever the phase: keeping a waiting candidate from media is the server’s job', () => {
  const { effects } = run(welcome('waiting'), { type: 'subscribe', subscriptionId: 's1', publisherId: 'h1', sdp: 'offer' });
  assert.deepEqual(effects, [{ type: 'subscribe', subscriptionId: 's1', publisherId: 'h1', sdp: 'offer' }]);
});

test('muted by a host: the banner names them, the microphone is silenced, and it goes when audio flows again', () => {
  const muted = run(welcome('in-room'), { type: 'muted', byName: 'Ada' });
  assert.equal(muted.state.mutedBy, 'Ada');
  assert.deepEqual(muted.effects.at(-1), { type: 'silence-microphone' });

  const stillMuted = room.receive(muted.state, {
    type: 'room',
    room: { ...emptyRoom, participants: [{ id: 'candidate', name: 'Chidi', role: 'candidate', audioMuted: true }] },
  });
  assert.equal(stillMuted.state.mutedBy, 'Ada');
  assert.equal(room.selfMuted(stillMuted.state), true);

  const flowing = room.receive(stillMuted.state, {
    type: 'room',
    room: { ...emptyRoom, participants: [{ id: 'candidate', name: 'Chidi', role: 'candidate', audioMuted: false }] },
  });
  assert.equal(flowing.state.mutedBy, null);
  assert.equal(room.selfMuted(flowing.state), false);
  assert.equal(room.unmuted(muted.state).mutedBy, null);
});

test('ended and declined end the visit and stop everything, once', () => {
  for (const [type, outcome] of [
    ['ended', 'ended'],
    ['declined', 'declined'],
  ] as const) {
    const step = run(welcome('waiting'), { type });
    assert.equal(step.state.phase, 'over');
    assert.equal(step.state.outcome, outcome);
    assert.deepEqual(step.effects, [{ type: 'stop' }]);
    // the close that follows changes nothing
    assert.deepEqual(room.socketClosed(step.state, 4010), { state: step.state, effects: [] });
    assert.deepEqual(room.receive(step.state, { type: 'admitted' }).effects, []);
  }
});

test('close codes: 4010 ended, 4003 declined, 4011 withdrawn or cancelled', () => {
  const inRoom = run(welcome('in-room')).state;
  assert.equal(room.socketClosed(inRoom, 4010).state.outcome, 'ended');
  assert.equal(room.socketClosed(inRoom, 4003).state.outcome, 'declined');
  assert.equal(room.socketClosed(inRoom, 4011).state.outcome, 'revoked');
  assert.equal(room.socketClosed(inRoom, 4011, 'interview-cancelled').state.outcome, 'cancelled');
  assert.deepEqual(room.socketClosed(inRoom, 4010).effects, [{ type: 'stop' }]);
});

test('"already connected" after a drop is our own old connection: wait it out; on a first visit it is another window', () => {
  const inRoom = run(welcome('in-room')).state;
  const dropped = room.socketClosed(inRoom, 1006).state;
  const refused = room.socketClosed(dropped, 4009);
  assert.equal(refused.state.phase, 'in-room');
  assert.equal(refused.effects.at(-1)?.type, 'reconnect');
  assert.equal(room.socketClosed(room.initialState(), 4009).state.outcome, 'already-connected');
});

test('a dropped socket drops the peer connections and reconnects with backoff; welcome publishes again', () => {
  const inRoom = run(welcome('in-room')).state;
  const dropped = room.socketClosed(inRoom, 1006);
  assert.equal(dropped.state.phase, 'in-room');
  assert.equal(dropped.state.connection, 'reconnecting');
  assert.deepEqual(dropped.effects, [{ type: 'drop-connections' }, { type: 'reconnect', delayMs: 500 }]);
  const again = room.socketClosed(dropped.state, 1006);
  assert.deepEqual(again.effects.at(-1), { type: 'reconnect', delayMs: 1000 });
  const back = room.receive(again.state, welcome('in-room'));
  assert.equal(back.state.attempt, 0);
  assert.equal(back.state.connection, 'open');
  assert.deepEqual(back.effects, [{ type: 'publish' }]);
});

test('after too many attempts without a welcome the page gives up and offers Try again', () => {
  let state = room.initialState();
  for (let attempt = 1; attempt <= room.maxAttempts; attempt++) state = room.socketClosed(state, 1006).state;
  assert.equal(state.phase, 'joining');
  assert.equal(state.connection, 'reconnecting');
  const last = room.socketClosed(state, 1006);
  assert.equal(last.state.phase, 'over');
  assert.equal(last.state.outcome, 'unavailable');
  assert.equal(room.reconnectDelay(20), 8_000);
});

test('a refused join ends the visit when final, and retries when the service is only unreachable', () => {
  const start = room.initialState();
  const ended = room.joinRefused(start, 'ended');
  assert.equal(ended.state.outcome, 'ended');
  assert.deepEqual(ended.effects, [{ type: 'stop' }]);
  const unreachable = room.joinRefused(start, 'unavailable');
  assert.equal(unreachable.state.phase, 'joining');
  assert.deepEqual(unreachable.effects, [{ type: 'reconnect', delayMs: 500 }]);
});

test('leaving stops everything and nothing that arrives later changes that', () => {
  const left = room.leave(run(welcome('in-room')).state);
  assert.equal(left.state.phase, 'left');
  assert.deepEqual(left.effects, [{ type: 'stop' }]);
  assert.deepEqual(room.receive(left.state, { type: 'ended' }).effects, []);
  assert.deepEqual(room.leave(left.state).effects, []);
});

test('a refused action is shown in the server’s words until dismissed', () => {
  const refused = run(welcome('in-room', 'host'), { type: 'error', code: 'forbidden', message: 'Recording is not allowed here.', refused: 'record' });
  assert.equal(refused.state.notice, 'Recording is not allowed here.');
  assert.equal(room.dismissNotice(refused.state).notice, null);
});
