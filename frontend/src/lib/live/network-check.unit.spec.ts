import { test } from 'node:test';
import assert from 'node:assert/strict';
import { candidatesFor, networkAdvice } from './network-check.ts';

const sdp = [
  'v=0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=candidate:1 1 udp 2122260223 192.0.2.7 51000 typ host generation 0',
  'a=candidate:2 1 tcp 1518280447 192.0.2.7 9 typ host tcptype active generation 0',
  'a=candidate:3 1 UDP 41885439 198.51.100.9 20001 typ relay raddr 0.0.0.0 rport 0',
  'a=mid:0',
].join('\r\n');

test('a probe keeps only the candidates of the path it tests, on both sides; the relay probe keeps all', () => {
  assert.deepEqual(candidatesFor('udp', sdp).split('\r\n').filter((l) => l.startsWith('a=candidate')).map((l) => l.split(' ')[0]), ['a=candidate:1', 'a=candidate:3']);
  assert.deepEqual(candidatesFor('tcp', sdp).split('\r\n').filter((l) => l.startsWith('a=candidate')).map((l) => l.split(' ')[0]), ['a=candidate:2']);
  assert.equal(candidatesFor('relay', sdp), sdp);
  // everything that is not a candidate passes through untouched
  assert.deepEqual(candidatesFor('tcp', sdp).split('\r\n').filter((l) => !l.startsWith('a=candidate')), ['v=0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=mid:0']);
});

test('what the person is told: direct is good, TCP or the relay work, nothing says what to do', () => {
  assert.equal(networkAdvice({ udp: 'ok', tcp: 'failed', relay: 'unavailable' }).level, 'good');
  assert.equal(networkAdvice({ udp: 'ok', tcp: 'ok', relay: 'ok' }).advice, null);
  const tcp = networkAdvice({ udp: 'failed', tcp: 'ok', relay: 'failed' });
  assert.equal(tcp.level, 'fine');
  assert.match(tcp.summary, /over TCP/);
  const relay = networkAdvice({ udp: 'failed', tcp: 'failed', relay: 'ok' });
  assert.equal(relay.level, 'fine');
  assert.match(relay.summary, /relay server only/);
  const none = networkAdvice({ udp: 'failed', tcp: 'failed', relay: 'failed' });
  assert.equal(none.level, 'blocked');
  assert.match(none.advice!, /VPN/);
  assert.match(none.advice!, /hotspot/);
  assert.match(none.advice!, /IT department/);
  assert.equal(networkAdvice({ udp: 'failed', tcp: 'failed', relay: 'unavailable' }).level, 'blocked');
});
