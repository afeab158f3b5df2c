import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerMessage } from '@candor/contracts';
import { SignalSocket, signalUrl } from './signal-socket.ts';
import { FakeSocket } from '../../../test/live/fakes.ts';

test('the socket is on the page’s own origin, wss under https', () => {
  assert.equal(signalUrl({ protocol: 'https:', host: 'candor.example' }, '/api/media/signal'), 'wss://candor.example/api/media/signal');
  assert.equal(signalUrl({ protocol: 'http:', host: '127.0.0.1:3000' }, 'api/media/signal'), 'ws://127.0.0.1:3000/api/media/signal');
});

function connect() {
  const received: ServerMessage[] = [];
  const closes: number[] = [];
  let fake: FakeSocket | undefined;
  const socket = new SignalSocket('ws://x/s', 'tok', { message: (m) => received.push(m), closed: (c) => closes.push(c) }, (url) => (fake = new FakeSocket(url)));
  return { socket, fake: fake!, received, closes };
}

test('hello goes first, on open; nothing is sent before', () => {
  const { socket, fake } = connect();
  assert.equal(socket.send({ type: 'end' }), false);
  assert.deepEqual(fake.sent, []);
  fake.open();
  assert.equal(socket.send({ type: 'end' }), true);
  assert.deepEqual(fake.sent, [{ type: 'hello', token: 'tok' }, { type: 'end' }]);
});

test('unreadable messages are skipped; readable ones handed on', () => {
  const { fake, received } = connect();
  fake.open();
  fake.onmessage?.({ data: '{"type":"surprise"}' });
  fake.deliver({ type: 'admitted' });
  assert.deepEqual(received, [{ type: 'admitted' }]);
});

test('the server’s close is reported once with its code; our own close is silent and final', () => {
  const first = connect();
  first.fake.open();
  first.fake.drop(4010);
  first.fake.drop(4010);
  assert.deepEqual(first.closes, [4010]);

  const second = connect();
  second.fake.open();
  second.socket.close();
  second.socket.close();
  second.fake.drop(1000);
  second.fake.deliver({ type: 'ended' });
  assert.deepEqual(second.closes, []);
  assert.deepEqual(second.received, []);
  assert.equal(second.fake.closedWith, 1000);
});
