// The engines against a real browser: Debian's Chromium with a fake camera and microphone.
//   - werift: Chromium's own offer publishes through the engine, a second connection in the same page
//     subscribes, and Chromium decodes the video that comes back; a server-side mute stops the audio;
//     Chromium's encoder is asked for a keyframe when the subscription connects.
//   - mediasoup with its worker (where one is built; CANDOR_REQUIRE_MEDIASOUP=1 requires it): the
//     same round trip as werift, so ICE, DTLS and SRTP run between Chromium and the worker;
//   - mediasoup (no worker needed): Chromium accepts the answer we write to its offer and the offer we
//     write for a subscription, and its answer to that offer is one we understand.
// Skipped loudly without Chromium; CANDOR_REQUIRE_INFRA=1 makes a missing Chromium a failure.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ortc } from 'mediasoup';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createLogger } from '@candor/runtime';
import { mediasoupWorkerPresent } from './choose-engine';
import { createMediasoupEngine, mediaCodecs } from './mediasoup/engine';
import {
  buildPublishAnswer,
  buildSubscribeOffer,
  parsePublishOffer,
  parseSubscribeAnswer,
  routerSendParameters,
} from './mediasoup/sdp';
import type { SfuEngine } from './types';
import { createWeriftEngine } from './werift/engine';

jest.setTimeout(90_000);

const chromiumPath = process.env.CANDOR_TEST_CHROMIUM ?? '/usr/bin/chromium';
const missing = existsSync(chromiumPath) ? undefined : `no Chromium at ${chromiumPath} (set CANDOR_TEST_CHROMIUM)`;

// What the page runs: a publishing connection with the fake devices, and subscribing connections
// that answer the engine's offers. Complete SDP both ways, as the media service's browser code does.
// (the page's globals; casts are erased before Playwright sends a function to the page)
interface PageApi {
  publish(): Promise<string>;
  accept(answer: string): Promise<void>;
  subscribe(offer: string): Promise<string>;
  inbound(): Promise<{ kind: string; packetsReceived: number; framesDecoded?: number }[]>;
  outboundVideo(): Promise<{ pliCount: number; keyFramesEncoded: number }>;
  republish(): Promise<string>;
  acceptRepublish(answer: string): Promise<void>;
  closeFirstPublication(): void;
  /** per subscribing connection, in order: frames its video element rendered, loudest audio sample heard since the last call */
  rendered(): { videoFrames: number; audioPeak: number }[];
}
const page = `<!doctype html><script>
const complete = (pc) => new Promise((resolve) => {
  if (pc.iceGatheringState === 'complete') return resolve(pc.localDescription.sdp);
  pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve(pc.localDescription.sdp));
});
let pub, pub2, stream; const subs = []; const rendered = [];
const watch = (el, track, seen) => {
  if (track.kind === 'video') {
    const frame = () => { seen.videoFrames++; el.requestVideoFrameCallback(frame); };
    el.requestVideoFrameCallback(frame);
  } else {
    // what the page's audio graph hears from the track (not the connection's statistics)
    const ctx = new AudioContext(); const analyser = ctx.createAnalyser();
    ctx.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    setInterval(() => { analyser.getFloatTimeDomainData(samples); for (const v of samples) seen.audioPeak = Math.max(seen.audioPeak, Math.abs(v)); }, 20);
  }
};
window.rendered = () => rendered.map((seen) => { const r = { ...seen }; seen.audioPeak = 0; return r; });
window.publish = async () => {
  stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360 } });
  pub = new RTCPeerConnection();
  for (const track of stream.getTracks()) pub.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
  await pub.setLocalDescription();
  return complete(pub);
};
window.accept = (sdp) => pub.setRemoteDescription({ type: 'answer', sdp });
window.republish = async () => {
  pub2 = new RTCPeerConnection();
  for (const track of stream.getTracks()) pub2.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
  await pub2.setLocalDescription();
  return complete(pub2);
};
window.acceptRepublish = (sdp) => pub2.setRemoteDescription({ type: 'answer', sdp });
window.closeFirstPublication = () => pub.close();
window.subscribe = async (sdp) => {
  const pc = new RTCPeerConnection(); subs.push(pc); const seen = { videoFrames: 0, audioPeak: 0 }; rendered.push(seen);
  pc.ontrack = ({ track }) => { const el = document.createElement(track.kind); el.srcObject = new MediaStream([track]); el.muted = true; el.play().catch(() => {}); document.body.append(el); watch(el, track, seen); };
  await pc.setRemoteDescription({ type: 'offer', sdp });
  await pc.setLocalDescription();
  return complete(pc);
};
window.inbound = async () => {
  const out = [];
  for (const pc of subs) (await pc.getStats()).forEach((s) => s.type === 'inbound-rtp' && out.push({ kind: s.kind, packetsReceived: s.packetsReceived, framesDecoded: s.framesDecoded }));
  return out;
};
window.outboundVideo = async () => {
  let found = { pliCount: 0, keyFramesEncoded: 0 };
  (await pub.getStats()).forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video') found = { pliCount: s.pliCount, keyFramesEncoded: s.keyFramesEncoded }; });
  return found;
};
</script>`;

const requireInfra = process.env.CANDOR_REQUIRE_INFRA === '1';

if (missing && !requireInfra) {
  console.warn(`\n${'!'.repeat(78)}\nSKIPPED SFU engines against Chromium: ${missing}\n${'!'.repeat(78)}\n`);
  describe.skip(`SFU engines against Chromium (skipped: ${missing})`, () => test('needs Chromium', () => undefined));
} else {
  describe('SFU engines against Chromium', () => {
    let browser: Browser;
    let server: Server;
    let tab: Page;

    beforeAll(async () => {
      if (missing) throw new Error(`CANDOR_REQUIRE_INFRA=1 but ${missing}`);
      // getUserMedia needs a secure context: a page served from 127.0.0.1 is one
      server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          '--use-fake-ui-for-media-stream',
          '--use-fake-device-for-media-stream',
          '--no-sandbox',
          '--autoplay-policy=no-user-gesture-required',
        ],
      });
    });
    beforeEach(async () => {
      tab = await browser.newPage();
      await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    });
    afterEach(() => tab.close());
    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => server?.close(resolve));
    });

    const waitFor = async <T>(
      what: string,
      read: () => Promise<T>,
      done: (value: T) => boolean,
      timeoutMs = 30_000,
    ) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await read();
        if (done(value)) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}: ${JSON.stringify(value)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };

    const roundTrip = async (engine: SfuEngine) => {
      try {
        const room = await engine.createRoom('chromium-room');
        const { answerSdp } = await room.publish(
          'chromium',
          await tab.evaluate(() => (globalThis as unknown as PageApi).publish()),
        );
        await tab.evaluate((sdp) => (globalThis as unknown as PageApi).accept(sdp), answerSdp);
        // let the publisher's start-up keyframe pass, so the one we see below is the one we asked for
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const before = await tab.evaluate(() => (globalThis as unknown as PageApi).outboundVideo());

        const { subscriptionId, offerSdp } = await room.subscribe('viewer', 'chromium');
        await room.answer(
          subscriptionId,
          await tab.evaluate((sdp) => (globalThis as unknown as PageApi).subscribe(sdp), offerSdp),
        );
        const inbound = () => tab.evaluate(() => (globalThis as unknown as PageApi).inbound());
        const video = (stats: Awaited<ReturnType<typeof inbound>>) => stats.find((s) => s.kind === 'video');
        const audio = (stats: Awaited<ReturnType<typeof inbound>>) => stats.find((s) => s.kind === 'audio');
        await waitFor(
          'Chromium decodes the video it gets back',
          inbound,
          (stats) => (video(stats)?.framesDecoded ?? 0) >= 20,
        );
        await waitFor(
          'Chromium receives the audio it gets back',
          inbound,
          (stats) => (audio(stats)?.packetsReceived ?? 0) >= 50,
        );
        const after = await tab.evaluate(() => (globalThis as unknown as PageApi).outboundVideo());
        expect(after.pliCount).toBeGreaterThan(before.pliCount);
        expect(after.keyFramesEncoded).toBeGreaterThan(before.keyFramesEncoded);

        room.setAudioMuted('chromium', true);
        await new Promise((resolve) => setTimeout(resolve, 500));
        const muted = await inbound();
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const stillMuted = await inbound();
        expect(audio(stillMuted)!.packetsReceived).toBe(audio(muted)!.packetsReceived);
        expect(video(stillMuted)!.framesDecoded!).toBeGreaterThan(video(muted)!.framesDecoded!);
        room.setAudioMuted('chromium', false);
        await waitFor(
          'the audio comes back after the unmute',
          inbound,
          (stats) => audio(stats)!.packetsReceived > audio(stillMuted)!.packetsReceived + 20,
        );
      } finally {
        await engine.close();
      }
    };

    test('werift: Chromium publishes, subscribes and decodes through the engine; mute stops its audio', () =>
      roundTrip(createWeriftEngine({ logger: createLogger('sfu-chromium', 'warn') })));

    // The same round trip through mediasoup's worker: ICE, DTLS and SRTP between Chromium and the
    // worker (the worker's SRTP goes through the libsrtp 3 layer when built by npm run media:worker).
    const mediasoupWorker = mediasoupWorkerPresent();
    const requireMediasoup = process.env.CANDOR_REQUIRE_MEDIASOUP === '1';
    if (!mediasoupWorker.available && !requireMediasoup)
      console.warn(
        `\n${'!'.repeat(78)}\nSKIPPED mediasoup against Chromium: ${mediasoupWorker.reason}\n${'!'.repeat(78)}\n`,
      );
    (mediasoupWorker.available || requireMediasoup ? test : test.skip)(
      'mediasoup: Chromium publishes, subscribes and decodes through the worker; mute stops its audio',
      async () => {
        if (!mediasoupWorker.available) throw new Error(`CANDOR_REQUIRE_MEDIASOUP=1 but ${mediasoupWorker.reason}`);
        await roundTrip(
          await createMediasoupEngine({
            listenIp: '127.0.0.1',
            logger: createLogger('sfu-chromium', 'warn'),
            onWorkerDied: (error) => {
              throw new Error(`the mediasoup worker died: ${error.message}`);
            },
          }),
        );
      },
    );

    // What a browser does with a stream whose SSRC its subscription's SDP did not announce: mediasoup
    // gives every consumer a fresh SSRC, so a subscription made before the publisher published (its
    // offer has no a=ssrc) and one that outlives a re-publish (its offer announced the first SSRC) both
    // get such streams, carrying the m-line's MID header extension. Chromium routes them by MID
    // (RFC 8843) and keeps rendering on the same track: judged by what the page renders and hears,
    // not by the connection's counters.
    const lateStreams = async (engine: SfuEngine) => {
      try {
        const room = await engine.createRoom('chromium-late-room');
        const rendered = () => tab.evaluate(() => (globalThis as unknown as PageApi).rendered());
        const keepsPlaying = async (what: string, subscription: number) => {
          await rendered(); // resets the audio peaks
          const before = (await rendered())[subscription]!;
          let audioPeak = 0;
          await waitFor(
            `${what}: Chromium renders video frames and hears audio from subscription ${subscription}`,
            async () => {
              const now = (await rendered())[subscription]!;
              audioPeak = Math.max(audioPeak, now.audioPeak);
              return { frames: now.videoFrames - before.videoFrames, audioPeak };
            },
            (seen) => seen.frames >= 30 && seen.audioPeak > 0.05,
          );
        };
        // the viewer subscribes first: its offer announces no stream
        const { subscriptionId, offerSdp } = await room.subscribe('viewer', 'chromium');
        await room.answer(
          subscriptionId,
          await tab.evaluate((sdp) => (globalThis as unknown as PageApi).subscribe(sdp), offerSdp),
        );
        const { answerSdp } = await room.publish(
          'chromium',
          await tab.evaluate(() => (globalThis as unknown as PageApi).publish()),
        );
        await tab.evaluate((sdp) => (globalThis as unknown as PageApi).accept(sdp), answerSdp);
        await keepsPlaying('subscribed before the publisher published', 0);

        // a later subscription announces the publisher's stream; then the publisher publishes again
        const second = await room.subscribe('viewer-2', 'chromium');
        await room.answer(
          second.subscriptionId,
          await tab.evaluate((sdp) => (globalThis as unknown as PageApi).subscribe(sdp), second.offerSdp),
        );
        const again = await room.publish(
          'chromium',
          await tab.evaluate(() => (globalThis as unknown as PageApi).republish()),
        );
        await tab.evaluate((sdp) => (globalThis as unknown as PageApi).acceptRepublish(sdp), again.answerSdp);
        await tab.evaluate(() => (globalThis as unknown as PageApi).closeFirstPublication());
        await keepsPlaying('after the re-publish, the subscription made before publishing', 0);
        await keepsPlaying('after the re-publish, the subscription that announced the first stream', 1);
      } finally {
        await engine.close();
      }
    };
    test('werift: Chromium keeps rendering a subscription made before publishing and across a re-publish', () =>
      lateStreams(createWeriftEngine({ logger: createLogger('sfu-chromium', 'warn') })));
    (mediasoupWorker.available || requireMediasoup ? test : test.skip)(
      'mediasoup: Chromium keeps rendering a subscription made before publishing and across a re-publish',
      async () => {
        if (!mediasoupWorker.available) throw new Error(`CANDOR_REQUIRE_MEDIASOUP=1 but ${mediasoupWorker.reason}`);
        await lateStreams(
          await createMediasoupEngine({
            listenIp: '127.0.0.1',
            logger: createLogger('sfu-chromium', 'warn'),
            onWorkerDied: (error) => {
              throw new Error(`the mediasoup worker died: ${error.message}`);
            },
          }),
        );
      },
    );

    test("mediasoup: Chromium accepts the engine's SDP both ways (no worker needed)", async () => {
      const caps = ortc.generateRouterRtpCapabilities(mediaCodecs);
      const transport = {
        iceParameters: {
          usernameFragment: 'ufragufragufrag1',
          password: 'passwordpasswordpasswordpassword',
          iceLite: true,
        },
        iceCandidates: [
          {
            foundation: 'udp',
            priority: 1076302079,
            ip: '127.0.0.1',
            address: '127.0.0.1',
            protocol: 'udp' as const,
            port: 40000,
            type: 'host' as const,
          },
        ],
        dtlsParameters: {
          role: 'auto' as const,
          fingerprints: [
            {
              algorithm: 'sha-256' as const,
              value: '63:1D:AD:3B:B1:2C:18:4F:18:E3:F1:81:2C:05:6A:DA:F2:CE:43:E5:12:08:02:8E:51:C4:3C:C1:2B:EB:D7:1F',
            },
          ],
        },
      };
      const offer = parsePublishOffer(await tab.evaluate(() => (globalThis as unknown as PageApi).publish()), caps);
      expect(offer.media.filter((m) => m.accepted).map((m) => m.kind)).toEqual(['audio', 'video']);
      await tab.evaluate((sdp) => (globalThis as unknown as PageApi).accept(sdp), buildPublishAnswer(offer, transport));

      const media = (['audio', 'video'] as const).map((kind, index) => ({
        kind,
        mid: String(index),
        rtpParameters: routerSendParameters(caps, kind),
        msid: { streamId: 'candor', trackId: `candor-${kind}` },
        ...(kind === 'video' ? { stream: { ssrc: 1111, rtxSsrc: 2222, cname: 'candor' } } : {}),
      }));
      const answer = parseSubscribeAnswer(
        await tab.evaluate(
          (sdp) => (globalThis as unknown as PageApi).subscribe(sdp),
          buildSubscribeOffer(media, transport),
        ),
        ['0', '1'],
      );
      expect(answer.dtlsParameters.role).toBe('client');
      expect([...answer.refusedMids]).toEqual([]);
    });
  });
}
