// ICE over TCP against a real browser, for candidates whose network lets no UDP through: the SDP
// goes both ways with its UDP candidates taken out (neither side learns a UDP address it could
// reach, as behind a UDP-blocking firewall), and Chromium still publishes, subscribes and decodes, over a selected
// candidate pair whose transport is TCP. werift always; mediasoup where its worker is present
// (CANDOR_REQUIRE_MEDIASOUP=1 requires it). Skipped loudly without Chromium.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createLogger } from '@candor/runtime';
import { mediasoupWorkerPresent } from '@candor/media/src/sfu/choose-engine';
import { createMediasoupEngine } from '@candor/media/src/sfu/mediasoup/engine';
import type { SfuEngine } from '@candor/media/src/sfu/types';
import { createWeriftEngine } from '@candor/media/src/sfu/werift/engine';
import { useExclusive } from '../support/exclusive';

jest.setTimeout(90_000);
// real-time peer connections and Chromium decoding: one such suite at a time
useExclusive();

const chromiumPath = process.env.CANDOR_TEST_CHROMIUM ?? '/usr/bin/chromium';
const missing = existsSync(chromiumPath) ? undefined : `no Chromium at ${chromiumPath} (set CANDOR_TEST_CHROMIUM)`;
const requireInfra = process.env.CANDOR_REQUIRE_INFRA === '1';

interface PageApi {
  publish(): Promise<string>;
  accept(answer: string): Promise<void>;
  subscribe(offer: string): Promise<string>;
  /** per connection: frames decoded and packets received, and the selected pair's transport */
  report(): Promise<{ framesDecoded: number; audioPackets: number; protocols: string[] }[]>;
}
const page = `<!doctype html><script>
const complete = (pc) => new Promise((resolve) => {
  if (pc.iceGatheringState === 'complete') return resolve(pc.localDescription.sdp);
  pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve(pc.localDescription.sdp));
});
const pcs = [];
window.publish = async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 180 } });
  const pc = new RTCPeerConnection(); pcs.push(pc);
  for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
  await pc.setLocalDescription();
  return complete(pc);
};
window.accept = (sdp) => pcs[0].setRemoteDescription({ type: 'answer', sdp });
window.subscribe = async (sdp) => {
  const pc = new RTCPeerConnection(); pcs.push(pc);
  await pc.setRemoteDescription({ type: 'offer', sdp });
  await pc.setLocalDescription();
  return complete(pc);
};
window.report = async () => Promise.all(pcs.map(async (pc) => {
  const stats = [...(await pc.getStats()).values()];
  const byId = new Map(stats.map((s) => [s.id, s]));
  const transport = stats.find((s) => s.type === 'transport');
  const pair = byId.get(transport?.selectedCandidatePairId);
  const local = byId.get(pair?.localCandidateId);
  const remote = byId.get(pair?.remoteCandidateId);
  const inbound = stats.filter((s) => s.type === 'inbound-rtp');
  return {
    framesDecoded: inbound.reduce((n, s) => n + (s.framesDecoded ?? 0), 0),
    audioPackets: inbound.filter((s) => s.kind === 'audio').reduce((n, s) => n + s.packetsReceived, 0),
    protocols: [local?.protocol, remote?.protocol].filter(Boolean),
  };
}));
</script>`;

/** The SDP as a network that drops UDP leaves it: only the TCP candidates can be reached. */
function withoutUdpCandidates(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(eol)
    .filter((line) => !(line.startsWith('a=candidate:') && line.split(' ')[2]?.toLowerCase() === 'udp'))
    .join(eol);
}

if (missing && !requireInfra) {
  console.warn(`\n${'!'.repeat(78)}\nSKIPPED ICE over TCP against Chromium: ${missing}\n${'!'.repeat(78)}\n`);
  describe.skip(`ICE over TCP against Chromium (skipped: ${missing})`, () => test('needs Chromium', () => undefined));
} else {
  describe('ICE over TCP: the SFU engines reached by Chromium without UDP', () => {
    let browser: Browser;
    let server: Server;
    let tab: Page;

    beforeAll(async () => {
      if (missing) throw new Error(`CANDOR_REQUIRE_INFRA=1 but ${missing}`);
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

    const api = <K extends keyof PageApi>(name: K, ...args: Parameters<PageApi[K]>) =>
      tab.evaluate(([n, a]) => (globalThis as unknown as Record<string, (...x: unknown[]) => unknown>)[n as string]!(...(a as unknown[])), [name, args] as const) as ReturnType<PageApi[K]>;

    const overTcp = async (engine: SfuEngine) => {
      try {
        const room = await engine.createRoom('tcp-room');
        // both ways: neither side learns a UDP address of the other, as on a network that drops UDP
        const { answerSdp } = await room.publish('chromium', withoutUdpCandidates(await api('publish')));
        expect(answerSdp).toMatch(/^a=candidate:\S+ 1 tcp \d+ \S+ \d+ typ host tcptype passive/im);
        await api('accept', withoutUdpCandidates(answerSdp));
        const { subscriptionId, offerSdp } = await room.subscribe('viewer', 'chromium');
        await room.answer(subscriptionId, withoutUdpCandidates(await api('subscribe', withoutUdpCandidates(offerSdp))));

        const deadline = Date.now() + 30_000;
        let last: Awaited<ReturnType<PageApi['report']>> = [];
        for (;;) {
          last = await api('report');
          const viewer = last[1];
          if (viewer && viewer.framesDecoded >= 20 && viewer.audioPackets >= 50) break;
          if (Date.now() > deadline) throw new Error(`no media over TCP within 30 s: ${JSON.stringify(last)}`);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        // both connections, publishing and subscribing, run over TCP candidate pairs
        for (const connection of last) expect(connection.protocols).toEqual(['tcp', 'tcp']);
      } finally {
        await engine.close();
      }
    };

    test('werift: publishes and subscribes over TCP candidate pairs; Chromium decodes what comes back', () =>
      overTcp(createWeriftEngine({ listenIp: '127.0.0.1', logger: createLogger('ice-tcp', 'warn') })));

    const mediasoupWorker = mediasoupWorkerPresent();
    const requireMediasoup = process.env.CANDOR_REQUIRE_MEDIASOUP === '1';
    if (!mediasoupWorker.available && !requireMediasoup)
      console.warn(`SKIPPED ICE over TCP on mediasoup: ${mediasoupWorker.reason}`);
    (mediasoupWorker.available || requireMediasoup ? test : test.skip)(
      'mediasoup: publishes and subscribes over TCP candidate pairs; Chromium decodes what comes back',
      async () => {
        if (!mediasoupWorker.available) throw new Error(`CANDOR_REQUIRE_MEDIASOUP=1 but ${mediasoupWorker.reason}`);
        await overTcp(
          await createMediasoupEngine({
            listenIp: '127.0.0.1',
            logger: createLogger('ice-tcp', 'warn'),
            onWorkerDied: (error) => {
              throw new Error(`the mediasoup worker died: ${error.message}`);
            },
          }),
        );
      },
    );
  });
}
