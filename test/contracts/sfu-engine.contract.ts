// The SFU engine contract: what every engine (werift, mediasoup) guarantees to the room above it,
// checked with synthetic RTP peers over real WebRTC connections (ICE, DTLS, SRTP on this machine).
// Media is judged by packets counted over windows, never by how long something took: the machine
// is shared and timing is not what the contract promises.
import type { SfuEngine, SfuEngineOptions, SfuRoom } from '@candor/media/src/sfu/types';
import {
  createSyntheticPublisher,
  createSyntheticSubscriber,
  type SyntheticPublisher,
  type SyntheticSubscriber,
} from '@candor/media/test/synthetic-peer';
import type { MediaShape } from '@candor/media/test/synthetic-media';
import {
  createSyntheticSimulcastPublisher,
  defaultSimulcastLayers,
} from '@candor/media/test/synthetic-simulcast';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recorderRtp } from '@candor/contracts';
import { createRecorder } from '@candor/recording/src/capture/recorder';
import { defaultFfmpegTools, probe } from '@candor/recording/src/capture/ffmpeg';
import { sleep, uniqueName, waitUntil } from './helpers';

/** A stand-in recorder at the UDP level: counts the RTP packets arriving per kind and notes their payload types. */
async function rtpListener() {
  const bind = (socket: Socket) =>
    new Promise<number>((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket.address().port)));
  const sockets = { video: createSocket('udp4'), audio: createSocket('udp4') };
  const received = { video: 0, audio: 0 };
  const payloadTypes = { video: new Set<number>(), audio: new Set<number>() };
  for (const kind of ['video', 'audio'] as const)
    sockets[kind].on('message', (message: Buffer) => {
      if (message.length < 12 || message[0]! >> 6 !== 2) return;
      const payloadType = message[1]! & 0x7f;
      if (payloadType >= 72 && payloadType <= 79) return; // RTCP on the same port (not expected; not media)
      received[kind]++;
      payloadTypes[kind].add(payloadType);
    });
  const target = { ip: '127.0.0.1', videoPort: await bind(sockets.video), audioPort: await bind(sockets.audio) };
  return {
    target,
    received,
    payloadTypes,
    close: () =>
      Promise.all(Object.values(sockets).map((s) => new Promise<void>((resolve) => s.close(() => resolve())))),
  };
}

// light video (one packet per frame) so a 1+4 panel and its 20 subscribers fit on a shared 2-core box
const shape: Partial<MediaShape> = { videoPacketsPerFrame: 1, keyframePackets: 2 };
/** "flowing": this many packets of a kind arrive within the wait (nominal rates: 50 audio, 30 video per second) */
const flowingPackets = 10;

/** Ports of the candidates in an SDP, with their addresses. */
const candidates = (sdp: string) =>
  sdp
    .split(/\r?\n/)
    .filter((line) => line.startsWith('a=candidate:'))
    .map((line) => ({
      ip: line.split(' ')[4]!,
      port: Number(line.split(' ')[5]),
      transport: line.split(' ')[2]!.toLowerCase(),
    }));

export function describeSfuEngineContract(
  name: string,
  makeEngine: (options?: SfuEngineOptions) => Promise<SfuEngine>,
): void {
  describe(`SFU engine contract: ${name}`, () => {
    let engine: SfuEngine;
    const peers: { close(): Promise<void> }[] = [];
    const rooms: SfuRoom[] = [];

    beforeAll(async () => {
      engine = await makeEngine();
    });
    afterEach(async () => {
      await Promise.all(peers.splice(0).map((peer) => peer.close()));
      await Promise.all(rooms.splice(0).map((room) => room.close()));
    });
    afterAll(async () => {
      await engine?.close();
    });

    const newRoom = async () => {
      const room = await engine.createRoom(uniqueName('room'));
      rooms.push(room);
      return room;
    };

    async function publish(room: SfuRoom, participantId: string, media = shape): Promise<SyntheticPublisher> {
      const publisher = await createSyntheticPublisher(media);
      peers.push(publisher);
      const { answerSdp } = await room.publish(participantId, publisher.offerSdp);
      await publisher.accept(answerSdp);
      await publisher.connected();
      return publisher;
    }

    async function subscribe(room: SfuRoom, subscriberId: string, publisherId: string) {
      const { subscriptionId, offerSdp } = await room.subscribe(subscriberId, publisherId);
      const subscriber = await createSyntheticSubscriber(offerSdp);
      peers.push(subscriber);
      await room.answer(subscriptionId, subscriber.answerSdp);
      await subscriber.connected();
      return { subscriptionId, subscriber };
    }

    /** Waits until `subscriber` has received `flowingPackets` more of each kind than it had. */
    async function flowing(
      subscriber: SyntheticSubscriber,
      what: string,
      kinds: ('audio' | 'video')[] = ['audio', 'video'],
    ) {
      const before = { ...subscriber.received };
      await waitUntil(`${what} receives ${kinds.join(' and ')}`, () =>
        kinds.every((kind) => subscriber.received[kind] - before[kind] >= flowingPackets),
      );
    }

    /** Packets of each kind `subscriber` receives during `ms`, after letting in-flight ones land. */
    async function receivedDuring(subscriber: SyntheticSubscriber, ms: number) {
      await sleep(300);
      const before = { ...subscriber.received };
      await sleep(ms);
      return { audio: subscriber.received.audio - before.audio, video: subscriber.received.video - before.video };
    }

    test('publish then subscribe: audio and video reach the subscriber, in the payload types it negotiated', async () => {
      const room = await newRoom();
      await publish(room, 'alice');
      const { subscriber } = await subscribe(room, 'bob', 'alice');
      await flowing(subscriber, 'bob');
      expect(subscriber.misnumbered).toBe(0);
      expect(subscriber.firstPacketAt.audio).toEqual(expect.any(Number));
      expect(subscriber.firstPacketAt.video).toEqual(expect.any(Number));
    });

    test('a subscriber that subscribed before the publisher published starts receiving when it does', async () => {
      const room = await newRoom();
      const { subscriber } = await subscribe(room, 'bob', 'alice');
      expect(await receivedDuring(subscriber, 500)).toEqual({ audio: 0, video: 0 });
      await publish(room, 'alice');
      await flowing(subscriber, 'bob, subscribed early,');
    });

    test('publishing again replaces the publication and keeps existing subscribers flowing', async () => {
      const room = await newRoom();
      const first = await publish(room, 'alice');
      const { subscriber } = await subscribe(room, 'bob', 'alice');
      await flowing(subscriber, 'bob');
      const second = await publish(room, 'alice');
      await first.close(); // from here on, everything bob gets comes from the second publication
      await flowing(subscriber, 'bob, after the re-publish,');
      expect(second.sent.video).toBeGreaterThan(0);
      expect(room.stats().publishers).toBe(1);
      expect(subscriber.misnumbered).toBe(0);
    });

    test('a keyframe is requested from the publisher when a subscriber connects, and when it asks', async () => {
      const room = await newRoom();
      const publisher = await publish(room, 'alice');
      await sleep(500); // the publisher's own start-up keyframe is behind us
      const before = publisher.keyframeRequests;
      const { subscriber } = await subscribe(room, 'bob', 'alice');
      await waitUntil('the publisher is asked for a keyframe', () => publisher.keyframeRequests > before);
      await waitUntil('bob receives a keyframe', () => subscriber.keyframesReceived > 0);

      const keyframes = subscriber.keyframesReceived;
      await sleep(500);
      const asked = publisher.keyframeRequests;
      subscriber.requestKeyframe();
      await waitUntil("bob's PLI reaches the publisher", () => publisher.keyframeRequests > asked);
      await waitUntil('bob receives the keyframe he asked for', () => subscriber.keyframesReceived > keyframes);
    });

    test('server-side mute stops the audio reaching subscribers while video continues; unmute resumes it', async () => {
      const room = await newRoom();
      await publish(room, 'alice');
      const { subscriber } = await subscribe(room, 'bob', 'alice');
      await flowing(subscriber, 'bob');

      room.setAudioMuted('alice', true);
      expect(room.isAudioMuted('alice')).toBe(true);
      const muted = await receivedDuring(subscriber, 1500);
      expect(muted.audio).toBe(0);
      expect(muted.video).toBeGreaterThanOrEqual(flowingPackets);

      room.setAudioMuted('alice', false);
      expect(room.isAudioMuted('alice')).toBe(false);
      await flowing(subscriber, 'bob, after the unmute,', ['audio']);
    });

    test('unsubscribe stops the flow and closes the connection', async () => {
      const room = await newRoom();
      await publish(room, 'alice');
      const { subscriptionId, subscriber } = await subscribe(room, 'bob', 'alice');
      await flowing(subscriber, 'bob');
      await room.unsubscribe(subscriptionId);
      await room.unsubscribe(subscriptionId); // idempotent
      expect(room.stats().subscriptions).toBe(0);
      expect(await receivedDuring(subscriber, 1000)).toEqual({ audio: 0, video: 0 });
      await expect(room.answer(subscriptionId, subscriber.answerSdp)).rejects.toThrow(/unknown subscription/);
      // the engine's end is really gone: bob's consent checks go unanswered until his side gives up
      // (RFC 7675: 30 s; a browser shows "disconnected" within seconds, werift waits for the expiry)
      await waitUntil(
        "bob's side sees the connection closed",
        () => subscriber.connectionState !== 'connected',
        45_000,
      );
    });

    test('removeParticipant closes their publication and every subscription from or to them', async () => {
      const room = await newRoom();
      await publish(room, 'alice');
      await publish(room, 'bob');
      const bobGetsAlice = await subscribe(room, 'bob', 'alice');
      const aliceGetsBob = await subscribe(room, 'alice', 'bob');
      const carolGetsAlice = await subscribe(room, 'carol', 'alice');
      const carolGetsBob = await subscribe(room, 'carol', 'bob');
      for (const { subscriber } of [bobGetsAlice, aliceGetsBob, carolGetsAlice, carolGetsBob])
        await flowing(subscriber, 'everyone');

      await room.removeParticipant('alice');
      await room.removeParticipant('alice'); // idempotent
      expect(room.stats()).toMatchObject({ publishers: 1, subscriptions: 1 });
      for (const { subscriber } of [bobGetsAlice, aliceGetsBob, carolGetsAlice])
        expect(await receivedDuring(subscriber, 700)).toEqual({ audio: 0, video: 0 });
      await flowing(carolGetsBob.subscriber, 'carol, from bob,');
    });

    test('a 1+4 panel: five publishers, each subscribed to the other four, all flowing; stats() say so', async () => {
      const room = await newRoom();
      const people = ['candidate', 'host-1', 'host-2', 'host-3', 'host-4'];
      for (const person of people) await publish(room, person);
      const subscriptions = [];
      for (const subscriber of people)
        for (const publisher of people)
          if (publisher !== subscriber) subscriptions.push(await subscribe(room, subscriber, publisher));
      expect(subscriptions).toHaveLength(20);
      await Promise.all(subscriptions.map(({ subscriber }, index) => flowing(subscriber, `subscription ${index}`)));
      expect(subscriptions.every(({ subscriber }) => subscriber.misnumbered === 0)).toBe(true);

      await waitUntil('stats show every track forwarded', () => room.stats().forwardedTracks === 40);
      const before = room.stats();
      expect(before).toMatchObject({ publishers: 5, subscriptions: 20, forwardedTracks: 40 });
      await sleep(2500);
      const after = room.stats();
      // every packet in is forwarded four times over: allow for counts read mid-flight
      const received = after.packetsReceived - before.packetsReceived;
      const forwarded = after.packetsForwarded - before.packetsForwarded;
      expect(received).toBeGreaterThan(5 * 60); // five publishers, ~80 packets/s each, for 2.5 s
      expect(forwarded).toBeGreaterThan(received * 3);
      expect(forwarded).toBeLessThan(received * 5);
      const delivered = subscriptions.reduce(
        (sum, { subscriber }) => sum + subscriber.received.audio + subscriber.received.video,
        0,
      );
      // every packet the subscribers counted was forwarded; an engine may read its counters from its
      // media process on a poll (mediasoup: once a second), so wait for them to cover this snapshot
      await waitUntil(
        'the forwarded count covers what the subscribers received',
        () => room.stats().packetsForwarded >= delivered * 0.9,
      );
    });

    test('a recorder feed: plain RTP with the fixed payload types, a keyframe asked for at the start; mute, stop and leaving apply', async () => {
      const room = await newRoom();
      const publisher = await publish(room, 'alice');
      await sleep(500); // the publisher's own start-up keyframe is behind us
      const listener = await rtpListener();
      peers.push({ close: async () => void (await listener.close()) });
      const asked = publisher.keyframeRequests;
      const { feedId } = await room.startRecorderFeed('alice', listener.target);
      expect(room.recorderFeeds()).toEqual([{ feedId, participantId: 'alice' }]);
      expect(room.publishers()).toEqual(['alice']);
      await waitUntil(
        'the publisher is asked for a keyframe for the recorder',
        () => publisher.keyframeRequests > asked,
      );
      await waitUntil(
        'the recorder receives audio and video',
        () => listener.received.audio >= flowingPackets && listener.received.video >= flowingPackets,
      );
      expect([...listener.payloadTypes.video]).toEqual([recorderRtp.video.payloadType]);
      expect([...listener.payloadTypes.audio]).toEqual([recorderRtp.audio.payloadType]);

      // server-side mute reaches the recorder too
      room.setAudioMuted('alice', true);
      await sleep(300);
      const before = { ...listener.received };
      await sleep(1000);
      expect(listener.received.audio - before.audio).toBe(0);
      expect(listener.received.video - before.video).toBeGreaterThanOrEqual(flowingPackets);
      room.setAudioMuted('alice', false);
      await waitUntil('audio resumes after the unmute', () => listener.received.audio - before.audio >= flowingPackets);

      await room.stopRecorderFeed(feedId);
      await room.stopRecorderFeed(feedId); // idempotent
      expect(room.recorderFeeds()).toEqual([]);
      await sleep(300);
      const stopped = { ...listener.received };
      await sleep(700);
      expect(listener.received).toEqual(stopped);

      // a feed asked for before the participant publishes flows once they do; leaving ends it
      const early = await rtpListener();
      peers.push({ close: async () => void (await early.close()) });
      await room.startRecorderFeed('bob', early.target);
      await sleep(300);
      expect(early.received).toEqual({ video: 0, audio: 0 });
      await publish(room, 'bob');
      await waitUntil(
        'the early feed receives bob',
        () => early.received.audio >= flowingPackets && early.received.video >= flowingPackets,
      );
      await room.removeParticipant('bob');
      expect(room.recorderFeeds()).toEqual([]);
      await sleep(300);
      const left = { ...early.received };
      await sleep(700);
      expect(early.received).toEqual(left);
      await expect(
        room.startRecorderFeed('alice', { ip: 'recorder.example', videoPort: 5000, audioPort: 5002 }),
      ).rejects.toThrow(/IP address/);
    });

    test('a recorder feed into a real recorder: ffmpeg, listening on the SDP, writes the video and the audio', async () => {
      const room = await newRoom();
      // frames ffmpeg can decode: it writes no file before it knows the picture's size
      await publish(room, 'alice', { ...shape, decodable: true });
      const recorder = createRecorder({ logger: { info: () => undefined, warn: console.warn, error: console.error } });
      const capture = await recorder.startSegment({
        segmentId: 'contract',
        roomId: room.id,
        dir: mkdtempSync(join(tmpdir(), 'candor-sfu-feed-')),
        participants: ['alice'],
        feed: async (participantId, ports) => {
          const { feedId } = await room.startRecorderFeed(participantId, ports);
          return () => room.stopRecorderFeed(feedId);
        },
      });
      expect(capture.recording).toEqual(['alice']);
      await sleep(2500);
      const segment = await capture.stop();
      expect(room.recorderFeeds()).toEqual([]);
      expect(segment.tracks).toHaveLength(1);
      const file = await probe(defaultFfmpegTools, segment.tracks[0]!.file);
      const streams = Object.fromEntries(file.streams.map((s) => [s.codecType, s]));
      expect(streams.video).toMatchObject({ codecName: 'vp8', width: 320, height: 240 });
      expect(streams.audio).toMatchObject({ codecName: 'opus' });
      // synthetic media: ~30 frames and 50 audio packets a second, at least a second of each
      expect(streams.video!.packets).toBeGreaterThan(30);
      expect(streams.audio!.packets).toBeGreaterThan(50);
    });

    // The synthetic peer publishes one layer (werift cannot send simulcast), so which layer a simulcast
    // subscriber gets is proven against Chromium (test/browser/simulcast.e2e.spec.ts); here: asking for
    // a layer of a single-layer publisher changes nothing, and an unknown subscription is refused.
    test('setPreferredVideoLayer: a single-layer publisher keeps flowing at any layer asked; unknown subscriptions reject', async () => {
      const room = await newRoom();
      await expect(room.setPreferredVideoLayer('no-such-subscription', 0)).rejects.toThrow(/unknown subscription/);
      await publish(room, 'alice');
      const { subscriber, subscriptionId } = await subscribe(room, 'bob', 'alice');
      await room.setPreferredVideoLayer(subscriptionId, 0);
      await flowing(subscriber, 'bob, at layer 0 of a one-layer publisher,');
      await room.setPreferredVideoLayer(subscriptionId, 2);
      expect((await receivedDuring(subscriber, 1000)).video).toBeGreaterThan(0);
    });
    // A two-layer simulcast publisher (RFC 8853 rids l and h, lowest first; each layer's keyframes
    // state its width, 320 and 640) and two subscribers. An engine that forwards simulcast accepts
    // both layers and gives each subscriber the layer it asked for, switching both ways; one that
    // does not (werift) accepts the top layer only — the publisher then sends nothing else — and
    // every subscriber gets that, whatever it asked. Either way nothing else is acceptable.
    test('simulcast: each subscriber gets the layer it asked for, or (an engine that does not forward simulcast) the top layer only', async () => {
      const room = await newRoom();
      const publisher = await createSyntheticSimulcastPublisher();
      peers.push(publisher);
      const { answerSdp } = await room.publish('alice', publisher.offerSdp);
      await publisher.accept(answerSdp);
      await publisher.connected();
      const [low, top] = defaultSimulcastLayers as [(typeof defaultSimulcastLayers)[0], (typeof defaultSimulcastLayers)[0]];
      const large = await subscribe(room, 'bob', 'alice');
      const small = await subscribe(room, 'carol', 'alice');
      await room.setPreferredVideoLayer(small.subscriptionId, 0);
      /** a keyframe arrives after the call and states `width`: the subscriber is on that layer now */
      const gets = (who: SyntheticSubscriber, name: string, width: number) => {
        const keyframes = who.keyframesReceived;
        return waitUntil(
          `${name} receives a ${width} px layer (last keyframe: ${who.keyframeWidth})`,
          () => who.keyframesReceived > keyframes && who.keyframeWidth === width,
        );
      };
      if (engine.forwardsSimulcast) {
        expect(publisher.sending).toEqual([low.rid, top.rid]);
        await gets(large.subscriber, 'bob (default: the top)', top.width);
        await gets(small.subscriber, 'carol (layer 0)', low.width);
        await room.setPreferredVideoLayer(small.subscriptionId, 1);
        await room.setPreferredVideoLayer(large.subscriptionId, 0);
        await gets(small.subscriber, 'carol (now layer 1)', top.width);
        await gets(large.subscriber, 'bob (now layer 0)', low.width);
        // past the top is the top
        await room.setPreferredVideoLayer(large.subscriptionId, 7);
        await gets(large.subscriber, 'bob (layer 7: the top)', top.width);
      } else {
        expect(publisher.sending).toEqual([top.rid]);
        await gets(large.subscriber, 'bob', top.width);
        await gets(small.subscriber, 'carol, although it asked for layer 0,', top.width);
        expect(publisher.sent[low.rid]).toBeUndefined(); // the low layer never went out
      }
      await flowing(small.subscriber, 'carol', ['video']);
      await flowing(large.subscriber, 'bob', ['video']);
    });
    test('answer() for an unknown subscription rejects; bad SDP is refused and the room keeps working', async () => {
      const room = await newRoom();
      await expect(room.answer('no-such-subscription', 'v=0\r\n')).rejects.toThrow(/unknown subscription/);
      await expect(room.publish('mallory', 'this is not SDP')).rejects.toThrow();
      const { subscriptionId } = await room.subscribe('mallory', 'alice');
      await expect(room.answer(subscriptionId, 'v=0\r\nnonsense\r\n')).rejects.toThrow();
      await room.unsubscribe(subscriptionId);

      await publish(room, 'alice');
      const { subscriber } = await subscribe(room, 'bob', 'alice');
      await flowing(subscriber, 'bob, after the bad input,');
      expect(room.stats()).toMatchObject({ publishers: 1, subscriptions: 1 });
    });

    test('listen options: candidates on the listen address within the port range, or on the announced address', async () => {
      const base = 47_000 + Math.floor(Math.random() * 40) * 100;
      const portRange = { min: base, max: base + 99 };
      for (const options of [{ listenIp: '127.0.0.1', portRange }, { announcedIp: '127.0.0.1' }]) {
        const own = await makeEngine(options);
        try {
          const room = await own.createRoom(uniqueName('room'));
          const publisher = await createSyntheticPublisher(shape);
          peers.push(publisher);
          const { answerSdp } = await room.publish('alice', publisher.offerSdp);
          const { subscriptionId, offerSdp } = await room.subscribe('bob', 'alice');
          for (const sdp of [answerSdp, offerSdp]) {
            const announced = candidates(sdp);
            expect(announced.length).toBeGreaterThan(0);
            expect(new Set(announced.map((c) => c.ip))).toEqual(new Set(['127.0.0.1']));
            if ('portRange' in options)
              for (const { port } of announced) expect(port >= portRange.min && port <= portRange.max).toBe(true);
          }
          await publisher.accept(answerSdp);
          const subscriber = await createSyntheticSubscriber(offerSdp);
          peers.push(subscriber);
          await room.answer(subscriptionId, subscriber.answerSdp);
          await flowing(subscriber, `bob, with ${JSON.stringify(options)},`);
        } finally {
          await own.close();
        }
      }
    });

    test('close() is idempotent and stops everything; a closed room refuses new work', async () => {
      const own = await makeEngine();
      const room = await own.createRoom(uniqueName('room'));
      const publisher = await createSyntheticPublisher(shape);
      peers.push(publisher);
      await publisher.accept((await room.publish('alice', publisher.offerSdp)).answerSdp);
      await publisher.connected();
      const { subscriptionId, offerSdp } = await room.subscribe('bob', 'alice');
      const subscriber = await createSyntheticSubscriber(offerSdp);
      peers.push(subscriber);
      await room.answer(subscriptionId, subscriber.answerSdp);
      await flowing(subscriber, 'bob');

      await Promise.all([room.close(), room.close()]);
      await room.close();
      expect(await receivedDuring(subscriber, 700)).toEqual({ audio: 0, video: 0 });
      await expect(room.publish('alice', publisher.offerSdp)).rejects.toThrow(/closed/);
      await expect(room.subscribe('carol', 'alice')).rejects.toThrow(/closed/);

      // the same id can be used again once the room is closed; the engine closes what is left
      const again = await own.createRoom(room.id);
      await expect(own.createRoom(room.id)).rejects.toThrow(/already exists/);
      await Promise.all([own.close(), own.close()]);
      await expect(again.publish('alice', publisher.offerSdp)).rejects.toThrow(/closed/);
      await expect(own.createRoom(uniqueName('room'))).rejects.toThrow(/closed/);
    });
  });
}
