// `npx tsx test/bench/media-simulcast.bench.ts` (third part of `npm run bench:media`): what simulcast
// saves a 1+4 panel on mediasoup, written to bench-results-media-simulcast.json and printed.
//
// Measured: Debian's Chromium (fake camera, 640x360) publishes its video as the two layers the app
// publishes (frontend/src/lib/live/peers.ts: videoLayers) through a mediasoup room; two subscribing
// connections in the same page get it, one asking for the top layer, one for the low layer; the video
// bytes each receives (getStats inbound-rtp bytesReceived) over the window give each layer's rate as
// forwarded, and the publisher's outbound-rtp gives its upload per layer.
// Derived (arithmetic, from those measured rates): the 1+4 panel's 20 forwarded video tracks with
// the room's layer choice (src/live/video-layers.ts: 8 at the top layer — candidate ↔ hosts —, 12 at
// the low layer — host → host) against the same 20 at one full-size stream each, and the extra upload
// the five publishers pay for the low layer. One publisher is encoded for real: five Chromium encoders
// would not fit the 2-core machine beside the SFU.
//
//   BENCH_DURATION_S (15)  measured seconds, after the top layer is flowing
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createLogger } from '@candor/runtime';
import { mediasoupWorkerPresent } from '@candor/media/src/sfu/choose-engine';
import { createMediasoupEngine } from '@candor/media/src/sfu/mediasoup/engine';
import { lowLayer, topLayer, videoLayerFor } from '@candor/media/src/live/video-layers';
import { REPO_ROOT } from '../support/infra';

const duration = Number(process.env.BENCH_DURATION_S ?? 15);
// the layers frontend/src/lib/live/peers.ts publishes (videoLayers; the frontend's DOM types do not
// compile here, so they are repeated: keep the two equal)
const videoLayers = [
  { rid: 'l', scaleResolutionDownBy: 2, maxBitrate: 200_000 },
  { rid: 'h', maxBitrate: 900_000 },
];
const chromiumPath = process.env.CANDOR_TEST_CHROMIUM ?? '/usr/bin/chromium';

const page = `<!doctype html><script>
const complete = (pc) => new Promise((resolve) => {
  if (pc.iceGatheringState === 'complete') return resolve(pc.localDescription.sdp);
  pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve(pc.localDescription.sdp));
});
let pub; const subs = [];
window.publish = async (sendEncodings) => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360 } });
  pub = new RTCPeerConnection();
  pub.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly', sendEncodings });
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
window.bytes = async () => {
  const received = await Promise.all(subs.map(async (pc) => { let b = 0, w = 0; (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') { b = s.bytesReceived; w = s.frameWidth ?? 0; } }); return { bytes: b, width: w }; }));
  const sent = {}; (await pub.getStats()).forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video') sent[s.rid ?? ''] = s.bytesSent; });
  return { received, sent };
};
</script>`;
interface Api {
  publish(encodings: typeof videoLayers): Promise<string>;
  accept(sdp: string): Promise<void>;
  subscribe(sdp: string): Promise<string>;
  bytes(): Promise<{ received: { bytes: number; width: number }[]; sent: Record<string, number> }>;
}

async function main(): Promise<void> {
  const worker = mediasoupWorkerPresent();
  if (!worker.available) {
    const message = `SKIPPED simulcast bench: ${worker.reason}`;
    if (process.env.CANDOR_REQUIRE_MEDIASOUP === '1') throw new Error(message);
    console.warn(`${'!'.repeat(78)}\n${message}\n${'!'.repeat(78)}`);
    return;
  }
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--no-sandbox'],
  });
  const engine = await createMediasoupEngine({ listenIp: '127.0.0.1', logger: createLogger('bench', 'warn') });
  try {
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const room = await engine.createRoom('bench-simulcast');
    const { answerSdp } = await room.publish(
      'host',
      await tab.evaluate((encodings) => (globalThis as unknown as Api).publish(encodings), videoLayers),
    );
    await tab.evaluate((sdp) => (globalThis as unknown as Api).accept(sdp), answerSdp);
    for (const layer of [topLayer, lowLayer]) {
      const { subscriptionId, offerSdp } = await room.subscribe(`viewer-${layer}`, 'host');
      await room.setPreferredVideoLayer(subscriptionId, layer);
      await room.answer(
        subscriptionId,
        await tab.evaluate((sdp) => (globalThis as unknown as Api).subscribe(sdp), offerSdp),
      );
    }
    const read = () => tab.evaluate(() => (globalThis as unknown as Api).bytes());
    const deadline = Date.now() + 60_000;
    for (;;) {
      const now = await read();
      if (now.received[0]?.width === 640 && now.received[1]?.width === 320) break;
      if (Date.now() > deadline) throw new Error(`the layers never settled: ${JSON.stringify(now)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // let the encoder's rate settle
    const before = await read();
    await new Promise((resolve) => setTimeout(resolve, duration * 1000));
    const after = await read();
    const kbps = (bytes: number) => Math.round((bytes * 8) / duration / 1000);
    const top = kbps(after.received[0]!.bytes - before.received[0]!.bytes);
    const low = kbps(after.received[1]!.bytes - before.received[1]!.bytes);
    const upload = Object.fromEntries(
      Object.keys(after.sent).map((rid) => [rid, kbps(after.sent[rid]! - (before.sent[rid] ?? 0))]),
    );
    const roles = ['candidate', 'host', 'host', 'host', 'host'] as const;
    const pairs = roles.flatMap((subscriber, i) =>
      roles.filter((_, j) => j !== i).map((publisher) => videoLayerFor({ role: subscriber }, { role: publisher })),
    );
    const topTracks = pairs.filter((layer) => layer === topLayer).length;
    const lowTracks = pairs.filter((layer) => layer === lowLayer).length;
    const withoutKbps = pairs.length * top;
    const withKbps = topTracks * top + lowTracks * low;
    const results = {
      measured: { durationS: duration, forwardedKbps: { top, low }, publisherUploadKbpsByRid: upload },
      panel: {
        videoTracks: pairs.length,
        topTracks,
        lowTracks,
        forwardedKbpsWithoutSimulcast: withoutKbps,
        forwardedKbpsWithSimulcast: withKbps,
        forwardedSavedPercent: Math.round((100 * (withoutKbps - withKbps)) / withoutKbps),
        extraUploadKbpsAllPublishers: 5 * (upload.l ?? 0),
      },
    };
    writeFileSync(join(REPO_ROOT, 'bench-results-media-simulcast.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log('simulcast on mediasoup (one real Chromium publisher, measured; the 1+4 panel derived)');
    console.log(`  forwarded video: top layer ${top} kbit/s (640 px), low layer ${low} kbit/s (320 px)`);
    console.log(`  publisher upload per layer (kbit/s): ${JSON.stringify(upload)}`);
    console.log(
      `  1+4 panel, 20 video tracks (${topTracks} top, ${lowTracks} low): ${withKbps} kbit/s forwarded vs ${withoutKbps} without simulcast (${results.panel.forwardedSavedPercent}% saved); the five publishers upload ${results.panel.extraUploadKbpsAllPublishers} kbit/s more in all`,
    );
    console.log('  written to bench-results-media-simulcast.json');
  } finally {
    await engine.close();
    await browser.close();
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
