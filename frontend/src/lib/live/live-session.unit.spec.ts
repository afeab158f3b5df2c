import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveSession, type LiveView } from './live-session.ts';
import { FakeTrack, fakeBrowser, joinAnswer, settle } from '../../../test/live/fakes.ts';

const room = { participants: [], waiting: [], recording: false };
const candidateGrants = { publish: true, subscribe: true, admit: false, record: false, mute: false, end: false };
const welcomeWaiting = { type: 'welcome', participantId: 'candidate', role: 'candidate', grants: candidateGrants, state: 'waiting', room };

function visit(join: Record<string, unknown> = { recordingConsent: true }) {
  const browser = fakeBrowser();
  const audio = new FakeTrack('audio');
  const video = new FakeTrack('video');
  const views: LiveView[] = [];
  const session = new LiveSession(
    {
      tokenUrl: '/join/tok/room-token',
      join,
      tracks: { audio: audio as unknown as MediaStreamTrack, video: video as unknown as MediaStreamTrack },
      changed: (view) => views.push(view),
    },
    browser.deps,
  );
  return { browser, audio, video, views, session };
}

test('asks the page for a room token, then says hello with it on the same origin socket', async () => {
  const { browser, session } = visit();
  session.start();
  await settle();
  assert.equal(browser.requests.length, 1);
  assert.equal(browser.requests[0]!.url, '/join/tok/room-token');
  assert.equal(browser.requests[0]!.init.method, 'POST');
  assert.deepEqual(JSON.parse(String(browser.requests[0]!.init.body)), { recordingConsent: true });
  const socket = browser.sockets[0]!;
  assert.equal(socket.url, 'ws://127.0.0.1:4000/api/media/signal');
  socket.open();
  assert.deepEqual(socket.sent, [{ type: 'hello', token: 'room-token-1' }]);
});

test('waiting: no peer connection at all; admitted: one sendonly audio+video offer, complete, then the answer is applied', async () => {
  const { browser, session } = visit();
  session.start();
  await settle();
  const socket = browser.sockets[0]!;
  socket.open();
  socket.deliver(welcomeWaiting);
  await settle();
  assert.equal(session.view.state.phase, 'waiting');
  assert.equal(browser.peers.length, 0);

  socket.deliver({ type: 'admitted' });
  await settle();
  assert.equal(browser.peers.length, 1);
  const publisher = browser.peers[0]!;
  assert.deepEqual(
    publisher.transceivers.map((t) => t.direction),
    ['sendonly', 'sendonly'],
  );
  assert.deepEqual(socket.sent.at(-1), { type: 'publish', sdp: 'offer with 2 sections + candidates' });
  socket.deliver({ type: 'published', sdp: 'server answer' });
  await settle();
  assert.deepEqual(publisher.remote, { type: 'answer', sdp: 'server answer' });
});

test('a subscription offer is answered on its own connection; its tracks show as that publisher’s media', async () => {
  const { browser, session } = visit();
  session.start();
  await settle();
  const socket = browser.sockets[0]!;
  socket.open();
  socket.deliver({ ...welcomeWaiting, state: 'in-room' });
  socket.deliver({ type: 'subscribe', subscriptionId: 's1', publisherId: 'h1', sdp: 'server offer' });
  await settle();
  const subscriber = browser.peers[1]!;
  assert.deepEqual(subscriber.remote, { type: 'offer', sdp: 'server offer' });
  assert.deepEqual(socket.sent.at(-1), { type: 'answer', subscriptionId: 's1', sdp: 'answer to server offer + candidates' });
  subscriber.emit('track', { track: { kind: 'video' } });
  assert.deepEqual(
    session.view.remote.map((media) => media.publisherId),
    ['h1'],
  );
  socket.deliver({ type: 'unsubscribed', subscriptionId: 's1' });
  assert.equal(subscriber.closed, true);
  assert.deepEqual(session.view.remote, []);
});

test('tile sizes go to the server as view messages, changes only, and again after each new subscription to that publisher', async () => {
  const { browser, session } = visit();
  session.start();
  await settle();
  const socket = browser.sockets[0]!;
  socket.open();
  socket.deliver({ ...welcomeWaiting, state: 'in-room' });
  const views = () => socket.sent.filter((message) => (message as { type: string }).type === 'view');
  session.tileSize('h1', { width: 639.6, height: 360.2 });
  session.tileSize('h1', { width: 640, height: 360 }); // the same size once rounded: nothing new
  assert.deepEqual(views(), [{ type: 'view', publisherId: 'h1', width: 640, height: 360 }]);
  session.tileSize('h1', { width: 320, height: 180 });
  assert.deepEqual(views().at(-1), { type: 'view', publisherId: 'h1', width: 320, height: 180 });
  socket.deliver({ type: 'subscribe', subscriptionId: 's1', publisherId: 'h1', sdp: 'server offer' });
  await settle();
  // the answer first, then the tile's size for the new subscription
  assert.deepEqual(socket.sent.slice(-2), [
    { type: 'answer', subscriptionId: 's1', sdp: 'answer to server offer + candidates' },
    { type: 'view', publisherId: 'h1', width: 320, height: 180 },
  ]);
  socket.deliver({ type: 'subscribe', subscriptionId: 's2', publisherId: 'h2', sdp: 'other offer' });
  await settle();
  assert.equal((socket.sent.at(-1) as { type: string }).type, 'answer'); // no size known for h2 yet
});

test('muted by a host silences the microphone; Unmute asks the server and turns it back on', async () => {
  const { browser, session, audio } = visit();
  session.start();
  await settle();
  const socket = browser.sockets[0]!;
  socket.open();
  socket.deliver({ ...welcomeWaiting, state: 'in-room' });
  socket.deliver({ type: 'muted', byName: 'Ada Lovelace' });
  assert.equal(audio.enabled, false);
  assert.equal(session.view.state.mutedBy, 'Ada Lovelace');
  session.unmute();
  assert.deepEqual(socket.sent.at(-1), { type: 'unmute' });
  assert.equal(audio.enabled, true);
  assert.equal(session.view.state.mutedBy, null);
});

test('ended: every connection closes, the tracks stop, the socket closes, and the page says ended', async () => {
  const { browser, session, audio, video } = visit();
  session.start();
  await settle();
  const socket = browser.sockets[0]!;
  socket.open();
  socket.deliver({ ...welcomeWaiting, state: 'in-room' });
  socket.deliver({ type: 'subscribe', subscriptionId: 's1', publisherId: 'h1', sdp: 'offer' });
  await settle();
  socket.deliver({ type: 'ended' });
  assert.equal(session.view.state.outcome, 'ended');
  assert.ok(browser.peers.length === 2 && browser.peers.every((peer) => peer.closed));
  assert.equal(audio.stopped && video.stopped, true);
  assert.equal(socket.closedWith, 1000);
});

test('a refused room token ends the visit without opening a socket', async () => {
  const { browser, session, audio } = visit();
  browser.answers.push({ status: 410, body: { type: 'https://candor.dev/problems/interview-ended', title: 'Ended', status: 410 } });
  session.start();
  await settle();
  assert.equal(browser.sockets.length, 0);
  assert.equal(session.view.state.phase, 'over');
  assert.equal(session.view.state.outcome, 'ended');
  assert.equal(audio.stopped, true);
});

test('a dropped socket closes the peer connections and comes back with a fresh room token', async () => {
  const { browser, session } = visit();
  session.start();
  await settle();
  const first = browser.sockets[0]!;
  first.open();
  first.deliver({ ...welcomeWaiting, state: 'in-room' });
  await settle();
  first.drop(1006);
  assert.equal(browser.peers[0]!.closed, true);
  assert.equal(session.view.state.connection, 'reconnecting');
  assert.equal(browser.timers.length, 1);
  browser.timers[0]!.callback();
  await settle();
  assert.equal(browser.requests.length, 2);
  const second = browser.sockets[1]!;
  second.open();
  second.deliver({ ...welcomeWaiting, state: 'in-room' });
  await settle();
  assert.equal(browser.peers.length, 2);
  assert.equal(second.sent.at(-1)?.type, 'publish');
});

test('leaving closes the socket at once and nothing reconnects', async () => {
  const { browser, session } = visit();
  session.start();
  await settle();
  const socket = browser.sockets[0]!;
  socket.open();
  socket.deliver(welcomeWaiting);
  session.leave();
  assert.equal(socket.closedWith, 1000);
  assert.equal(session.view.state.phase, 'left');
  socket.drop(1000);
  assert.equal(browser.timers.length, 0);
});

test('host actions go out as the contract’s messages', async () => {
  const { browser, session } = visit({ displayName: 'Ada' });
  session.start();
  await settle();
  const socket = browser.sockets[0]!;
  socket.open();
  session.admit('candidate');
  session.decline('candidate');
  session.mute('candidate');
  session.record(true);
  session.end();
  assert.deepEqual(socket.sent.slice(1), [
    { type: 'admit', participantId: 'candidate' },
    { type: 'decline', participantId: 'candidate' },
    { type: 'mute', participantId: 'candidate' },
    { type: 'record', on: true },
    { type: 'end' },
  ]);
});

test('each new connection uses the TURN credentials the server sent last: the join, then welcome, admitted and each subscribe', async () => {
  const { browser, session } = visit();
  const relay = (n: number) => [{ urls: ['turn:127.0.0.1:3478?transport=udp'], username: `${n}:room.candidate`, credential: `c${n}` }];
  browser.answers.push({ status: 200, body: { ...joinAnswer, iceServers: relay(1) } });
  session.start();
  await settle();
  const socket = browser.sockets[0]!;
  socket.open();
  socket.deliver({ ...welcomeWaiting, iceServers: relay(2) });
  socket.deliver({ type: 'admitted', iceServers: relay(3) });
  await settle();
  assert.deepEqual(browser.peers[0]!.config, { iceServers: relay(3) });
  socket.deliver({ type: 'subscribe', subscriptionId: 's1', publisherId: 'h1', sdp: 'server offer', iceServers: relay(4) });
  await settle();
  assert.deepEqual(browser.peers[1]!.config, { iceServers: relay(4) });
  // a deployment without a relay sends none: connections go without
  socket.deliver({ type: 'subscribe', subscriptionId: 's2', publisherId: 'h2', sdp: 'server offer', iceServers: [] });
  await settle();
  assert.deepEqual(browser.peers[2]!.config, { iceServers: [] });
});

test('back after a dropped connection: the next hello carries the last welcome\u2019s resume secret', async () => {
  const { browser, session } = visit();
  session.start();
  await settle();
  browser.sockets[0]!.open();
  browser.sockets[0]!.deliver({ ...welcomeWaiting, resume: 'secret-of-the-first-connection' });
  browser.sockets[0]!.drop(1006);
  assert.equal(browser.timers.length, 1);
  browser.timers[0]!.callback();
  await settle();
  browser.sockets[1]!.open();
  assert.deepEqual(browser.sockets[1]!.sent[0], { type: 'hello', token: 'room-token-1', resume: 'secret-of-the-first-connection' });
});

test('the network comes back: the socket is dropped and the visit reconnects at once, with fresh connections', async () => {
  const { browser, session } = visit();
  session.start();
  await settle();
  const first = browser.sockets[0]!;
  first.open();
  first.deliver({ ...welcomeWaiting, state: 'in-room', resume: 'r1' });
  await settle();
  const publisher = browser.peers[0]!;
  browser.networkBack();
  assert.equal(first.closedWith, 1000);
  assert.equal(publisher.closed, true);
  assert.equal(session.view.state.connection, 'reconnecting');
  browser.timers.at(-1)!.callback();
  await settle();
  assert.equal(browser.requests.length, 2);
  browser.sockets[1]!.open();
  assert.equal(browser.sockets[1]!.sent[0]!.resume, 'r1');
  // back online while a retry waits: it runs now instead of after its backoff
  browser.sockets[1]!.drop(1006);
  browser.networkBack();
  await settle();
  assert.equal(browser.requests.length, 3);
});

test('a media connection that was up and fails starts a reconnection; one that never connected does not', async () => {
  const { browser, session } = visit();
  session.start();
  await settle();
  const socket = browser.sockets[0]!;
  socket.open();
  socket.deliver({ ...welcomeWaiting, state: 'in-room' });
  await settle();
  const publisher = browser.peers[0]!;
  publisher.changeState('failed');
  assert.equal(socket.closedWith, null);
  publisher.changeState('connected');
  publisher.changeState('disconnected');
  assert.equal(socket.closedWith, null);
  publisher.changeState('failed');
  assert.equal(socket.closedWith, 1000);
  assert.equal(session.view.state.connection, 'reconnecting');
});
