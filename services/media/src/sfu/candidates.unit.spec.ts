import { announceCandidates } from './candidates';

const sdp = [
  'v=0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=candidate:1 1 udp 2116026367 10.0.0.5 41172 typ host generation 0',
  'a=candidate:2 1 udp 2116026367 172.17.0.1 41173 typ host generation 0',
  'a=end-of-candidates',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=candidate:1 1 udp 2116026367 10.0.0.5 41172 typ host generation 0',
  'a=candidate:2 1 udp 2116026367 172.17.0.1 41173 typ host generation 0',
  '',
].join('\r\n');

const candidates = (text: string) => text.split('\r\n').filter((line) => line.startsWith('a=candidate:'));

test('without listen options the SDP is untouched', () => {
  expect(announceCandidates(sdp, {})).toBe(sdp);
  expect(announceCandidates(sdp, { listenIp: '0.0.0.0' })).toBe(sdp);
});

test('a listen address keeps only its own candidates, in every m-line', () => {
  expect(candidates(announceCandidates(sdp, { listenIp: '10.0.0.5' }))).toEqual([
    'a=candidate:1 1 udp 2116026367 10.0.0.5 41172 typ host generation 0',
    'a=candidate:1 1 udp 2116026367 10.0.0.5 41172 typ host generation 0',
  ]);
});

test('an announced address replaces the host address, and the rest of the SDP stays as it was', () => {
  const announced = announceCandidates(sdp, { listenIp: '10.0.0.5', announcedIp: '203.0.113.9' });
  expect(candidates(announced)).toEqual([
    'a=candidate:1 1 udp 2116026367 203.0.113.9 41172 typ host generation 0',
    'a=candidate:1 1 udp 2116026367 203.0.113.9 41172 typ host generation 0',
  ]);
  expect(announced.split('\r\n').filter((line) => !line.startsWith('a=candidate:'))).toEqual(
    sdp.split('\r\n').filter((line) => !line.startsWith('a=candidate:')),
  );
});

test('a listen address no candidate uses leaves the gathered candidates rather than none', () => {
  expect(candidates(announceCandidates(sdp, { listenIp: '192.0.2.1' }))).toHaveLength(4);
});

test('ICE over TCP: passive TCP candidates are announced like UDP ones; the active one (port 9) never is', () => {
  const withTcp = [
    'v=0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'a=candidate:1 1 udp 2116026367 10.0.0.5 41172 typ host generation 0',
    'a=candidate:3 1 tcp 1772093439 10.0.0.5 41172 typ host tcptype passive generation 0',
    'a=candidate:3 1 tcp 1776287743 10.0.0.5 9 typ host tcptype active generation 0',
    '',
  ].join('\r\n');
  expect(candidates(announceCandidates(withTcp, {}))).toEqual([
    'a=candidate:1 1 udp 2116026367 10.0.0.5 41172 typ host generation 0',
    'a=candidate:3 1 tcp 1772093439 10.0.0.5 41172 typ host tcptype passive generation 0',
  ]);
  expect(candidates(announceCandidates(withTcp, { listenIp: '10.0.0.5', announcedIp: '203.0.113.9' }))).toEqual([
    'a=candidate:1 1 udp 2116026367 203.0.113.9 41172 typ host generation 0',
    'a=candidate:3 1 tcp 1772093439 203.0.113.9 41172 typ host tcptype passive generation 0',
  ]);
});
