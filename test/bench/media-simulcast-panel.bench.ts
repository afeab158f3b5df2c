// `npx tsx test/bench/media-simulcast-panel.bench.ts` (fourth part of `npm run bench:media`): what the
// room's simulcast layer choice saves a 1+4 panel on mediasoup, measured with five simulcast
// publishers and twenty subscriptions, written to bench-results-media-simulcast-panel.json.
//
// Publishers: five synthetic simulcast publishers (services/media/test/synthetic-simulcast.ts) sending
// real VP8 — ffmpeg/libvpx encodes of a moving test pattern at the app's two layers (contracts
// `videoLayers` on the 640x360 camera: l 320x180 at 200 kbit/s, h 640x360 at 900 kbit/s, CBR at those
// caps, a keyframe every 3 s) — as two RID-tagged RTP streams each, with sender reports, as Chromium
// sends them. Five Chromium encoders would not fit this 2-core machine beside the SFU; the encoder
// does not matter to what is measured, which is what the SFU forwards.
// Subscribers: every participant subscribes to the other four (20 werift connections, no decoding,
// sending transport-cc feedback like a browser, so mediasoup's estimate ramps up as it would).
// The subscribers send transport-cc feedback (werift's TWCC), as browsers do: without it mediasoup's
// estimate for their connections stays at its initial 600 kbit/s, below the top layer.
// Measured in the same run, on the same connections, in windows of BENCH_DURATION_S each:
//   A. every subscription asks for the top layer (what the panel costs without simulcast's choice);
//   B. the room's policy (src/live/video-layers.ts by roles: candidate <-> hosts top, host -> host low);
//   C. every subscription at the top again (A and C bracket B, so drift shows).
// "Forwarded" is what mediasoup's consumers sent (their outbound-rtp byte counts, RTP headers
// included) and, as a check, the RTP payload bytes the subscribers received.
//
//   BENCH_DURATION_S (15)  seconds per window, after the layers have switched
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { observer as mediasoupObserver, type types as ms } from 'mediasoup';
import { cameraSize, videoLayers, type LiveRole } from '@candor/contracts';
import { createLogger } from '@candor/runtime';
import { mediasoupWorkerPresent } from '@candor/media/src/sfu/choose-engine';
import { createMediasoupEngine } from '@candor/media/src/sfu/mediasoup/engine';
import { topLayer, videoLayerFor } from '@candor/media/src/live/video-layers';
import { createSyntheticSubscriber, type SyntheticSubscriber } from '@candor/media/test/synthetic-peer';
import {
  createSyntheticSimulcastPublisher,
  type SimulcastLayer,
  type SyntheticSimulcastPublisher,
} from '@candor/media/test/synthetic-simulcast';
import { clipPlayer, encodeVp8Clip } from '@candor/media/test/vp8-clip';
import { REPO_ROOT } from '../support/infra';

const duration = Number(process.env.BENCH_DURATION_S ?? 15);
const fps = 30;
const participants: { id: string; role: LiveRole }[] = [
  { id: 'candidate', role: 'candidate' },
  ...[1, 2, 3, 4].map((n) => ({ id: `host-${n}`, role: 'host' as const })),
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Subscription {
  subscriber: { id: string; role: LiveRole };
  publisher: { id: string; role: LiveRole };
  subscriptionId: string;
  peer: SyntheticSubscriber;
}

async function main(): Promise<void> {
  const worker = mediasoupWorkerPresent();
  if (!worker.available) {
    const message = `SKIPPED simulcast panel bench: ${worker.reason}`;
    if (process.env.CANDOR_REQUIRE_MEDIASOUP === '1') throw new Error(message);
    console.warn(`${'!'.repeat(78)}\n${message}\n${'!'.repeat(78)}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'candor-simulcast-'));
  const layers: SimulcastLayer[] = videoLayers.map((layer) => ({
    rid: layer.rid,
    width: cameraSize.width / layer.scaleResolutionDownBy,
    packetsPerFrame: 0, // real frames: unused
    payloadBytes: 0,
  }));
  const clips = new Map(
    await Promise.all(
      videoLayers.map(
        async (layer) =>
          [
            layer.rid,
            await encodeVp8Clip({
              dir,
              width: cameraSize.width / layer.scaleResolutionDownBy,
              height: cameraSize.height / layer.scaleResolutionDownBy,
              kbps: layer.maxBitrate / 1000,
              seconds: 12,
              fps,
              keyframeInterval: 3 * fps,
            }),
          ] as const,
      ),
    ),
  );

  // mediasoup's consumers as the worker announces them: their stats are the forwarded bytes
  const consumers: ms.Consumer[] = [];
  const onWorker = (w: ms.Worker) =>
    w.observer.on('newrouter', (router) =>
      router.observer.on('newtransport', (transport) =>
        transport.observer.on('newconsumer', (consumer) => {
          if (consumer.kind === 'video') consumers.push(consumer);
        }),
      ),
    );
  mediasoupObserver.on('newworker', onWorker);
  const engine = await createMediasoupEngine({ listenIp: '127.0.0.1', logger: createLogger('bench', 'warn') });
  mediasoupObserver.off('newworker', onWorker);
  const publishers: SyntheticSimulcastPublisher[] = [];
  const subscriptions: Subscription[] = [];
  try {
    const room = await engine.createRoom('bench-simulcast-panel');
    for (const [index, participant] of participants.entries()) {
      // each publisher starts its loop elsewhere in the clip, so keyframes do not line up
      const players = new Map(
        [...clips].map(([rid, clip]) => [rid, clipPlayer(clip, index * 17)] as const),
      );
      const publisher = await createSyntheticSimulcastPublisher({
        layers,
        framesPerSecond: fps,
        frames: (rid) => players.get(rid as (typeof videoLayers)[number]['rid'])!(),
      });
      publishers.push(publisher);
      const { answerSdp } = await room.publish(participant.id, publisher.offerSdp);
      await publisher.accept(answerSdp);
      await publisher.connected();
      if (publisher.sending.length !== layers.length)
        throw new Error(`${participant.id}: the answer accepted ${publisher.sending.join(',')}`);
    }
    for (const subscriber of participants)
      for (const publisher of participants) {
        if (subscriber === publisher) continue;
        const { subscriptionId, offerSdp } = await room.subscribe(subscriber.id, publisher.id);
        const peer = await createSyntheticSubscriber(offerSdp, { transportCc: true });
        await room.answer(subscriptionId, peer.answerSdp);
        await peer.connected();
        subscriptions.push({ subscriber, publisher, subscriptionId, peer });
      }

    const forwardedBytes = async () => {
      let total = 0;
      for (const consumer of consumers) {
        if (consumer.closed) continue;
        const stats = (await consumer.getStats()) as { type: string; byteCount?: number }[];
        total += stats.filter((s) => s.type === 'outbound-rtp').reduce((sum, s) => sum + (s.byteCount ?? 0), 0);
      }
      return total;
    };
    const receivedBytes = () => subscriptions.reduce((sum, s) => sum + s.peer.receivedBytes.video, 0);
    const currentLayers = () => consumers.filter((c) => !c.closed).map((c) => c.currentLayers?.spatialLayer);
    const sentBytes = () =>
      Object.fromEntries(
        layers.map((layer) => [layer.rid, publishers.reduce((sum, p) => sum + (p.sent[layer.rid]?.bytes ?? 0), 0)]),
      );

    const window = async (name: string, layerOf: (s: Subscription) => number) => {
      for (const s of subscriptions) await room.setPreferredVideoLayer(s.subscriptionId, layerOf(s));
      const wanted = subscriptions.map(layerOf).sort().join(',');
      // (the first window also waits for the estimates to ramp up from mediasoup's initial 600 kbit/s)
      const deadline = Date.now() + 60_000;
      // every consumer on its layer (switches wait for a keyframe of the layer: ≤3 s here); the
      // worker may still hold one lower when the publisher's layer scores badly (packet loss on a
      // loaded machine): then the window is measured anyway and the layers it really had are reported
      while ([...currentLayers()].sort().join(',') !== wanted && Date.now() < deadline) await sleep(250);
      await sleep(1000);
      const before = { forwarded: await forwardedBytes(), received: receivedBytes(), sent: sentBytes() };
      const load = loadavg()[0]!;
      const samples: number[] = [];
      for (let second = 0; second < duration; second++) {
        await sleep(1000);
        samples.push(currentLayers().filter((layer) => layer === topLayer).length);
      }
      const after = { forwarded: await forwardedBytes(), received: receivedBytes(), sent: sentBytes() };
      const kbps = (bytes: number) => Math.round((bytes * 8) / duration / 1000);
      return {
        name,
        asked: { top: subscriptions.filter((s) => layerOf(s) === topLayer).length, low: subscriptions.filter((s) => layerOf(s) !== topLayer).length },
        /** consumers the worker forwarded the top layer on, sampled each second */
        topLayerForwarded: { min: Math.min(...samples), max: Math.max(...samples) },
        forwardedKbps: kbps(after.forwarded - before.forwarded),
        receivedPayloadKbps: kbps(after.received - before.received),
        publishersSentPayloadKbpsByRid: Object.fromEntries(
          Object.keys(after.sent).map((rid) => [rid, kbps(after.sent[rid]! - before.sent[rid]!)]),
        ),
        loadAverage1m: Math.round(load * 100) / 100,
      };
    };
    const allTop = () => topLayer;
    const policy = (s: Subscription) => videoLayerFor(s.subscriber, s.publisher);
    const a = await window('A: all at the top layer', allTop);
    const b = await window('B: the room policy', policy);
    const c = await window('C: all at the top layer again', allTop);
    const withoutChoice = (a.forwardedKbps + c.forwardedKbps) / 2;
    const results = {
      method:
        'mediasoup, 5 synthetic simulcast publishers sending real VP8 (ffmpeg libvpx CBR, l 320x180@200k, h 640x360@900k), 20 werift subscribers; windows A/B/C on the same connections',
      durationSPerWindow: duration,
      windows: [a, b, c],
      savedPercent: Math.round((100 * (withoutChoice - b.forwardedKbps)) / withoutChoice),
    };
    writeFileSync(join(REPO_ROOT, 'bench-results-media-simulcast-panel.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log('simulcast on mediasoup, a 1+4 panel of real 2-layer VP8 publishers (20 video tracks), measured');
    for (const w of results.windows)
      console.log(
        `  ${w.name} (asked ${w.asked.top} top, ${w.asked.low} low; top forwarded on ${w.topLayerForwarded.min}-${w.topLayerForwarded.max}): ${w.forwardedKbps} kbit/s forwarded, ${w.receivedPayloadKbps} kbit/s payload received; publishers send ${JSON.stringify(w.publishersSentPayloadKbpsByRid)}; load ${w.loadAverage1m}`,
      );
    console.log(`  the policy forwards ${results.savedPercent}% less video than all-top (mean of A and C)`);
    console.log('  written to bench-results-media-simulcast-panel.json');
  } finally {
    await Promise.all(subscriptions.map((s) => s.peer.close()));
    await Promise.all(publishers.map((p) => p.close()));
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
