// The mediasoup room's bookkeeping on a fake router (no worker here): which producers and consumers
// exist when, paused or not, and what the SDP says about them. Media forwarding itself is the
// contract suite's job wherever a worker runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as sdpTransform from 'sdp-transform';
import { FakeRouter, type FakeConsumer, type FakeTransport } from '../../../test/fake-mediasoup-router';
import type { SfuLogger } from '../guard';
import { MediasoupRoom } from './room';

const offer = readFileSync(join(__dirname, '..', '..', '..', 'test', 'sdp', 'chromium-publish-offer.sdp'), 'utf8');
const answer = readFileSync(join(__dirname, '..', '..', '..', 'test', 'sdp', 'chromium-subscribe-answer.sdp'), 'utf8');
const silent: SfuLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

let router: FakeRouter;
let room: MediasoupRoom;
beforeEach(() => {
  router = new FakeRouter();
  room = new MediasoupRoom(
    'room-1',
    router.asRouter(),
    [{ protocol: 'udp', ip: '127.0.0.1' }],
    silent,
    () => undefined,
  );
});
afterEach(() => room.close());

const liveConsumers = () => router.transports.flatMap((t) => t.consumers).filter((c) => !c.closed);
const transportOf = (sdp: string) =>
  router.transports.find((t) => sdpTransform.parse(sdp).media[0]!.iceUfrag === t.iceParameters.usernameFragment)!;
const flush = () => new Promise((resolve) => setImmediate(resolve));

async function subscribeAndConnect(subscriber: string, publisher: string) {
  const { subscriptionId, offerSdp } = await room.subscribe(subscriber, publisher);
  await room.answer(subscriptionId, answer);
  const transport = transportOf(offerSdp);
  transport.dtlsState('connected');
  await flush();
  return { subscriptionId, offerSdp, transport };
}

test('publish: one producer per kind, the transport connected as DTLS server to the browser', async () => {
  const { answerSdp } = await room.publish('alice', offer);
  const transport = transportOf(answerSdp);
  expect(transport.producers.map((p) => [p.kind, p.paused])).toEqual([
    ['audio', false],
    ['video', false],
  ]);
  expect(transport.connectedWith?.role).toBe('client');
  expect(room.stats()).toMatchObject({ publishers: 1, subscriptions: 0, forwardedTracks: 0 });
});

test('subscribe after publish: consumers created paused, offered by MID without SSRCs, resumed with a keyframe once connected', async () => {
  await room.publish('alice', offer);
  const { subscriptionId, offerSdp } = await room.subscribe('bob', 'alice');
  const consumers = liveConsumers();
  expect(consumers.map((c) => [c.kind, c.paused])).toEqual([
    ['audio', true],
    ['video', true],
  ]);
  const video = sdpTransform.parse(offerSdp).media[1]!;
  // no a=ssrc: a re-publish gives the consumer a new SSRC, which browsers follow only on an m-line
  // that announced none (subscription.ts); the stream is found by the MID header extension instead
  expect(video.ssrcs).toBeUndefined();
  expect(String(video.mid)).toBe(consumers[1]!.rtpParameters.mid);
  expect(video.ext?.map((e) => e.uri)).toContain('urn:ietf:params:rtp-hdrext:sdes:mid');
  expect(String(video.payloads)).toBe(consumers[1]!.rtpParameters.codecs.map((c) => c.payloadType).join(' '));
  expect(room.stats().forwardedTracks).toBe(0);

  await room.answer(subscriptionId, answer);
  transportOf(offerSdp).dtlsState('connected');
  await flush();
  expect(consumers.map((c) => [c.kind, c.paused, c.keyFramesRequested])).toEqual([
    ['audio', false, 0],
    ['video', false, 1],
  ]);
  expect(room.stats()).toMatchObject({ publishers: 1, subscriptions: 1, forwardedTracks: 2 });
  await expect(room.answer(subscriptionId, answer)).rejects.toThrow(/already answered/);
});

test('subscribe before publish: no SSRCs offered; the consumers appear and start when the publisher publishes', async () => {
  const { offerSdp } = await subscribeAndConnect('bob', 'alice');
  expect(sdpTransform.parse(offerSdp).media.every((m) => m.ssrcs === undefined)).toBe(true);
  expect(liveConsumers()).toEqual([]);
  await room.publish('alice', offer);
  expect(liveConsumers().map((c) => [c.kind, c.paused, (c.rtpParameters as { mid?: string }).mid])).toEqual([
    ['audio', false, '0'],
    ['video', false, '1'],
  ]);
});

test('publishing again swaps every subscription to the new producers and closes the old transport', async () => {
  const first = transportOf((await room.publish('alice', offer)).answerSdp);
  await subscribeAndConnect('bob', 'alice');
  const old = liveConsumers();
  const second = transportOf((await room.publish('alice', offer)).answerSdp);
  expect(first.closed).toBe(true);
  expect(old.every((c) => c.closed)).toBe(true);
  const now = liveConsumers();
  expect(now.map((c) => [c.kind, c.paused, c.producer.id])).toEqual(second.producers.map((p) => [p.kind, false, p.id]));
  expect(room.stats()).toMatchObject({ publishers: 1, subscriptions: 1, forwardedTracks: 2 });
});

test('server-side mute pauses the audio producer, survives a re-publish, and unmute resumes it', async () => {
  await room.publish('alice', offer);
  await subscribeAndConnect('bob', 'alice');
  room.setAudioMuted('alice', true);
  await flush();
  const audioOf = (transport: FakeTransport) => transport.producers.find((p) => p.kind === 'audio')!;
  expect(audioOf(router.transports[0]!).paused).toBe(true);
  expect(room.stats().forwardedTracks).toBe(1);

  const again = transportOf((await room.publish('alice', offer)).answerSdp);
  expect(audioOf(again).paused).toBe(true);
  room.setAudioMuted('alice', false);
  await flush();
  expect(audioOf(again).paused).toBe(false);
  expect(room.isAudioMuted('alice')).toBe(false);
});

test('removeParticipant closes their transports and every subscription from or to them', async () => {
  await room.publish('alice', offer);
  await room.publish('bob', offer);
  const toBob = await subscribeAndConnect('bob', 'alice');
  const toAlice = await subscribeAndConnect('alice', 'bob');
  const toCarol = await subscribeAndConnect('carol', 'bob');
  await room.removeParticipant('alice');
  expect([toBob.transport.closed, toAlice.transport.closed, toCarol.transport.closed]).toEqual([true, true, false]);
  expect(room.stats()).toMatchObject({ publishers: 1, subscriptions: 1, forwardedTracks: 2 });
  await expect(room.answer(toBob.subscriptionId, answer)).rejects.toThrow(/unknown subscription/);
});

test("a refused m-line gets no consumer, and the browser's failed connection drops the subscription", async () => {
  await room.publish('alice', offer);
  const { subscriptionId, offerSdp } = await room.subscribe('bob', 'alice');
  const refusingVideo = sdpTransform.parse(answer);
  refusingVideo.media[1]!.port = 0;
  await room.answer(subscriptionId, sdpTransform.write(refusingVideo));
  expect(liveConsumers().map((c: FakeConsumer) => c.kind)).toEqual(['audio']);
  transportOf(offerSdp).dtlsState('failed');
  expect(room.stats().subscriptions).toBe(0);
});

test('stats count packets from the worker, and keep the counts of what closed', async () => {
  await room.publish('alice', offer);
  await subscribeAndConnect('bob', 'alice');
  for (const producer of router.transports[0]!.producers) producer.packetCount = 100;
  for (const consumer of liveConsumers()) consumer.packetCount = 90;
  await new Promise((resolve) => setTimeout(resolve, 1200)); // one poll
  expect(room.stats()).toMatchObject({ packetsReceived: 200, packetsForwarded: 180 });
  await room.removeParticipant('bob');
  expect(room.stats()).toMatchObject({ packetsReceived: 200, packetsForwarded: 180, subscriptions: 0 });
});

test('close() closes the router once and refuses new work', async () => {
  await room.publish('alice', offer);
  await Promise.all([room.close(), room.close()]);
  expect(router.closed).toBe(true);
  await expect(room.publish('alice', offer)).rejects.toThrow(/closed/);
});

describe('recorder feeds', () => {
  const target = { ip: '127.0.0.1', videoPort: 50_000, audioPort: 50_010 };
  const feedConsumers = () => router.plainTransports.flatMap((t) => t.consumers).filter((c) => !c.closed);

  test('a PlainTransport per kind sending to the recorder (RTCP one port up); consumers in the fixed payload types, resumed, a keyframe asked for', async () => {
    await room.publish('alice', offer);
    const { feedId } = await room.startRecorderFeed('alice', target);
    expect(room.recorderFeeds()).toEqual([{ feedId, participantId: 'alice' }]);
    expect(router.plainTransports.map((t) => t.plainTarget)).toEqual([
      { ip: '127.0.0.1', port: 50_010, rtcpPort: 50_011 },
      { ip: '127.0.0.1', port: 50_000, rtcpPort: 50_001 },
    ]);
    const consumers = feedConsumers();
    expect(consumers.map((c) => [c.kind, c.rtpParameters.codecs.map((codec) => codec.payloadType), c.paused])).toEqual([
      ['audio', [111], false],
      ['video', [96], false], // no RTX: the recorder's SDP has none
    ]);
    expect(consumers.every((c) => (c.rtpParameters.headerExtensions ?? []).length === 0)).toBe(true);
    expect(consumers.find((c) => c.kind === 'video')!.keyFramesRequested).toBe(1);
  });

  test('server-side mute pauses the audio the recorder gets; a re-publish moves the feed to the new producers', async () => {
    await room.publish('alice', offer);
    await room.startRecorderFeed('alice', target);
    room.setAudioMuted('alice', true);
    await flush();
    expect(feedConsumers().find((c) => c.kind === 'audio')!.producerPaused).toBe(true);
    const before = feedConsumers();
    await room.publish('alice', offer);
    const after = feedConsumers();
    expect(after).toHaveLength(2);
    expect(after.some((c) => before.includes(c))).toBe(false);
    expect(after.find((c) => c.kind === 'audio')!.producerPaused).toBe(true); // still muted
  });

  test('a feed before publishing attaches when they publish; stop and leaving close it', async () => {
    const early = await room.startRecorderFeed('alice', target);
    expect(feedConsumers()).toHaveLength(0);
    await room.publish('alice', offer);
    expect(feedConsumers()).toHaveLength(2);
    await room.stopRecorderFeed(early.feedId);
    await room.stopRecorderFeed(early.feedId);
    expect(router.plainTransports.every((t) => t.closed)).toBe(true);
    expect(room.recorderFeeds()).toEqual([]);

    await room.startRecorderFeed('alice', target);
    await room.removeParticipant('alice');
    expect(room.recorderFeeds()).toEqual([]);
    expect(router.plainTransports.every((t) => t.closed)).toBe(true);
    await expect(room.startRecorderFeed('alice', { ...target, ip: 'recorder.example' })).rejects.toThrow(/IP address/);
  });
});
