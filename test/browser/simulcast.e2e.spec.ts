// Simulcast through the SFU engines against a real browser (Debian's Chromium, fake camera): one page
// publishes its camera as two layers (sendEncodings rid l at half resolution, rid h at full) and two
// subscribing connections in the same page receive it. On mediasoup each subscriber gets the layer
// asked for — judged by the frame width Chromium decodes (getStats inbound-rtp frameWidth): the
// default subscriber gets the top layer, one that asks for layer 0 gets the half-width one, and moves
// up when it asks for layer 1. On werift the same offer is answered for one layer (the engine does
// not forward simulcast): the publisher then sends only its top layer and both subscribers decode it.
// Bandwidth: on mediasoup a subscriber that asked for the top layer gets the low one while its
// connection cannot carry the top (the subscriber transport's outgoing bitrate capped below it with
// mediasoup's own setMaxOutgoingBitrate, reached through mediasoup's observer API, the way an
// operator's tooling would, halfway between the two layers' measured rates), decodes half-width frames, and gets the top layer back when the cap is
// lifted; its preference never changes meanwhile.
// Skipped loudly without Chromium (CANDOR_REQUIRE_INFRA=1: a failure) and, for mediasoup, without the
// worker (CANDOR_REQUIRE_MEDIASOUP=1: a failure).
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { observer as mediasoupObserver, type types as ms } from 'mediasoup';
import { createLogger } from '@candor/runtime';
import { mediasoupWorkerPresent } from '@candor/media/src/sfu/choose-engine';
import { createMediasoupEngine } from '@candor/media/src/sfu/mediasoup/engine';
import { createWeriftEngine } from '@candor/media/src/sfu/werift/engine';
import type { SfuEngine } from '@candor/media/src/sfu/types';
import { useExclusive } from '../support/exclusive';

jest.setTimeout(120_000);
// CPU-bound in real time (peer connections, Chromium encoding two layers): one such suite at a time
useExclusive();

const chromiumPath = process.env.CANDOR_TEST_CHROMIUM ?? '/usr/bin/chromium';
const missing = existsSync(chromiumPath) ? undefined : `no Chromium at ${chromiumPath} (set CANDOR_TEST_CHROMIUM)`;
const requireInfra = process.env.CANDOR_REQUIRE_INFRA === '1';
const mediasoupWorker = mediasoupWorkerPresent();
const requireMediasoup = process.env.CANDOR_REQUIRE_MEDIASOUP === '1';

/** the camera's size, and the layers published: l at half of it, h at full */
const width = 640;
const height = 360;

interface PageApi {
  publish(): Promise<string>;
  accept(answer: string): Promise<void>;
  subscribe(offer: string): Promise<string>;
  /** per subscribing connection, in order: its video's decoded frames and frame width */
  received(): Promise<{ framesDecoded: number; frameWidth: number }[]>;
  /** the publisher's video streams being sent now, by rid ('' without simulcast) */
  sending(): Promise<{ rid: string; frameWidth: number; framesEncoded: number }[]>;
}
const page = `<!doctype html><script>
const complete = (pc) => new Promise((resolve) => {
  if (pc.iceGatheringState === 'complete') return resolve(pc.localDescription.sdp);
  pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve(pc.localDescription.sdp));
});
let pub; const subs = [];
window.publish = async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: ${width}, height: ${height} } });
  pub = new RTCPeerConnection();
  pub.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly', streams: [stream], sendEncodings: [
    { rid: 'l', scaleResolutionDownBy: 2, maxBitrate: 200000 },
    { rid: 'h', maxBitrate: 700000 },
  ] });
  await pub.setLocalDescription();
  return complete(pub);
};
window.accept = (sdp) => pub.setRemoteDescription({ type: 'answer', sdp });
window.subscribe = async (sdp) => {
  const pc = new RTCPeerConnection(); subs.push(pc);
  pc.ontrack = ({ track }) => { const el = document.createElement('video'); el.srcObject = new MediaStream([track]); el.muted = true; el.play().catch(() => {}); document.body.append(el); };
  await pc.setRemoteDescription({ type: 'offer', sdp });
  await pc.setLocalDescription();
  return complete(pc);
};
window.received = async () => Promise.all(subs.map(async (pc) => {
  let found = { framesDecoded: 0, frameWidth: 0 };
  (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') found = { framesDecoded: s.framesDecoded ?? 0, frameWidth: s.frameWidth ?? 0 }; });
  return found;
}));
window.sending = async () => {
  const out = [];
  (await pub.getStats()).forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video') out.push({ rid: s.rid ?? '', frameWidth: s.frameWidth ?? 0, framesEncoded: s.framesEncoded ?? 0 }); });
  return out;
};
</script>`;

if (missing && !requireInfra) {
  console.warn(`\n${'!'.repeat(78)}\nSKIPPED simulcast against Chromium: ${missing}\n${'!'.repeat(78)}\n`);
  describe.skip(`simulcast against Chromium (skipped: ${missing})`, () => test('needs Chromium', () => undefined));
} else {
  describe('simulcast against Chromium', () => {
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
        args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--no-sandbox'],
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
      timeoutMs = 40_000,
    ) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await read();
        if (done(value)) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}: ${JSON.stringify(value)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };
    const received = () => tab.evaluate(() => (globalThis as unknown as PageApi).received());
    /** frames decoded since `before`, at the width seen now */
    const decodesAt = (subscriber: number, expectedWidth: number) =>
      waitFor(
        `subscriber ${subscriber} decodes ${expectedWidth} px wide frames`,
        async () => {
          const before = (await received())[subscriber]!;
          await new Promise((resolve) => setTimeout(resolve, 1000));
          const now = (await received())[subscriber]!;
          return { frameWidth: now.frameWidth, newFrames: now.framesDecoded - before.framesDecoded };
        },
        (seen) => seen.frameWidth === expectedWidth && seen.newFrames >= 5,
      );

    const publishAndSubscribe = async (engine: SfuEngine) => {
      const room = await engine.createRoom('simulcast-room');
      const { answerSdp } = await room.publish(
        'speaker',
        await tab.evaluate(() => (globalThis as unknown as PageApi).publish()),
      );
      await tab.evaluate((sdp) => (globalThis as unknown as PageApi).accept(sdp), answerSdp);
      const subscriptionIds: string[] = [];
      for (const viewer of ['viewer-top', 'viewer-small']) {
        const { subscriptionId, offerSdp } = await room.subscribe(viewer, 'speaker');
        await room.answer(
          subscriptionId,
          await tab.evaluate((sdp) => (globalThis as unknown as PageApi).subscribe(sdp), offerSdp),
        );
        subscriptionIds.push(subscriptionId);
      }
      return { room, subscriptionIds };
    };

    (mediasoupWorker.available || requireMediasoup ? test : test.skip)(
      'mediasoup: each subscriber decodes the layer it asked for; the default is the top layer',
      async () => {
        if (!mediasoupWorker.available) throw new Error(`CANDOR_REQUIRE_MEDIASOUP=1 but ${mediasoupWorker.reason}`);
        const engine = await createMediasoupEngine({
          listenIp: '127.0.0.1',
          logger: createLogger('simulcast-chromium', 'warn'),
          onWorkerDied: (error) => {
            throw new Error(`the mediasoup worker died: ${error.message}`);
          },
        });
        try {
          const { room, subscriptionIds } = await publishAndSubscribe(engine);
          const [top, small] = subscriptionIds as [string, string];
          await room.setPreferredVideoLayer(small, 0);
          // the publisher sends both layers (the answer accepted them)
          await waitFor(
            'Chromium encodes both layers',
            () => tab.evaluate(() => (globalThis as unknown as PageApi).sending()),
            (streams) =>
              ['l', 'h'].every((rid) => streams.some((s) => s.rid === rid && s.framesEncoded > 0)) &&
              streams.length === 2,
          );
          await decodesAt(0, width);
          await decodesAt(1, width / 2);
          // the small one asks for the top layer; the top one for a layer past the top (= the top)
          await room.setPreferredVideoLayer(small, 1);
          await room.setPreferredVideoLayer(top, 5);
          await decodesAt(1, width);
          await decodesAt(0, width);
          // and back down
          await room.setPreferredVideoLayer(top, 0);
          await decodesAt(0, width / 2);
          await expect(room.setPreferredVideoLayer('no-such-subscription', 0)).rejects.toThrow();
        } finally {
          await engine.close();
        }
      },
    );
    (mediasoupWorker.available || requireMediasoup ? test : test.skip)(
      'mediasoup: a subscriber whose bandwidth cannot carry the top layer gets the low one, and the top one back when it can',
      async () => {
        if (!mediasoupWorker.available) throw new Error(`CANDOR_REQUIRE_MEDIASOUP=1 but ${mediasoupWorker.reason}`);
        // the worker's objects, as mediasoup announces them: the video consumer and its transport
        const video: { consumer?: ms.Consumer; transport?: ms.Transport; producer?: ms.Producer } = {};
        const onWorker = (worker: ms.Worker) =>
          worker.observer.on('newrouter', (router) =>
            router.observer.on('newtransport', (transport) => {
              transport.observer.on('newconsumer', (consumer) => {
                if (consumer.kind !== 'video') return;
                video.consumer = consumer;
                video.transport = transport;
              });
              transport.observer.on('newproducer', (producer) => {
                if (producer.kind === 'video') video.producer = producer;
              });
            }),
          );
        mediasoupObserver.on('newworker', onWorker);
        const engine = await createMediasoupEngine({
          listenIp: '127.0.0.1',
          logger: createLogger('simulcast-chromium', 'warn'),
          onWorkerDied: (error) => {
            throw new Error(`the mediasoup worker died: ${error.message}`);
          },
        });
        mediasoupObserver.off('newworker', onWorker);
        try {
          const room = await engine.createRoom('simulcast-bandwidth');
          const { answerSdp } = await room.publish(
            'speaker',
            await tab.evaluate(() => (globalThis as unknown as PageApi).publish()),
          );
          await tab.evaluate((sdp) => (globalThis as unknown as PageApi).accept(sdp), answerSdp);
          const { subscriptionId, offerSdp } = await room.subscribe('viewer', 'speaker');
          await room.answer(
            subscriptionId,
            await tab.evaluate((sdp) => (globalThis as unknown as PageApi).subscribe(sdp), offerSdp),
          );
          const { consumer, transport, producer } = video;
          if (!consumer || !transport || !producer) throw new Error('mediasoup announced no video consumer');
          expect(consumer.type).toBe('simulcast');
          const layerNow = () => Promise.resolve(consumer.currentLayers?.spatialLayer);
          await decodesAt(0, width);
          expect(await layerNow()).toBe(1);
          // what each layer really takes (the fake camera's picture is simple: well below the caps)
          const rates = async () => {
            const stats = (await producer.getStats()) as { rid?: string; bitrate: number }[];
            return Object.fromEntries(stats.map((s) => [s.rid ?? '', s.bitrate]));
          };
          // the encoder ramps the top layer up over some seconds after the start
          const { l: lowRate = 0, h: topRate = 0 } = await waitFor(
            'the top layer takes clearly more than the low one',
            rates,
            ({ l = 0, h = 0 }) => l > 0 && h > l * 1.5,
          );
          // a cap between the two: the low layer fits, the top one does not (mediasoup's floor is 30 kbit/s)
          const cap = Math.max(30_000, Math.round((lowRate + topRate) / 2));
          await transport.setMaxOutgoingBitrate(cap);
          await waitFor(`the consumer drops to layer 0 (cap ${cap} bit/s; layers ${JSON.stringify(await rates())})`, layerNow, (layer) => layer === 0);
          await decodesAt(0, width / 2);
          expect(consumer.preferredLayers?.spatialLayer).toBe(1); // the bandwidth chose, not the room
          // lifted (0: no cap): the estimate grows back and so does the layer
          await transport.setMaxOutgoingBitrate(0);
          await waitFor('the consumer is back at layer 1', layerNow, (layer) => layer === 1, 60_000);
          await decodesAt(0, width);
        } finally {
          await engine.close();
        }
      },
    );
    if (!mediasoupWorker.available && !requireMediasoup)
      console.warn(
        `\n${'!'.repeat(78)}\nSKIPPED simulcast on mediasoup: ${mediasoupWorker.reason}\n${'!'.repeat(78)}\n`,
      );

    test('werift: a simulcast offer is answered for its top layer only; both subscribers decode that stream', async () => {
      const engine = createWeriftEngine({ logger: createLogger('simulcast-chromium', 'warn') });
      try {
        const { room, subscriptionIds } = await publishAndSubscribe(engine);
        await room.setPreferredVideoLayer(subscriptionIds[1]!, 0); // accepted, changes nothing
        // Chromium keeps a statistics entry for the layer the answer dropped; it encodes nothing
        await decodesAt(0, width);
        await decodesAt(1, width);
        const encoding = (await tab.evaluate(() => (globalThis as unknown as PageApi).sending())).filter(
          (stream) => stream.framesEncoded > 0,
        );
        // the one layer werift asks for is the top one (single-layer.ts)
        expect(encoding.map((stream) => stream.rid)).toEqual(['h']);
      } finally {
        await engine.close();
      }
    });
  });
}
