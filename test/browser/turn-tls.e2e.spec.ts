// TURN over TLS, the relay for networks that let nothing out but TLS on 443: Debian's coturn on
// loopback with a TLS listener (port 443 when free — the suite runs as root on CI — else another
// one) and a certificate issued by a test CA made here with openssl; Chromium, forced to
// `iceTransportPolicy: 'relay'` and given one `turns:` URL and nothing else, publishes its fake
// camera to the SFU and receives it back on a subscribing connection: frames decode, and both
// connections' selected local candidate is a relayed one reached over TLS (relayProtocol 'tls').
//
// Chromium checks the relay's certificate like a web server's. It trusts the test CA because the CA
// is added to the NSS database of the browser's $HOME (~/.pki/nssdb, with Debian's certutil from
// libnss3-tools), which is where Chromium on Linux reads locally trusted roots; the same browser with
// a $HOME whose NSS database lacks the CA gets no relayed candidate at all from that relay, so the
// trust is what the test says it is, not a skipped check.
// Skipped loudly without Chromium, coturn, openssl or certutil (CANDOR_REQUIRE_INFRA=1: a failure).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { IceServer } from '@candor/contracts';
import { createLogger } from '@candor/runtime';
import { mediasoupWorkerPresent } from '@candor/media/src/sfu/choose-engine';
import { createMediasoupEngine } from '@candor/media/src/sfu/mediasoup/engine';
import { createWeriftEngine } from '@candor/media/src/sfu/werift/engine';
import type { SfuEngine } from '@candor/media/src/sfu/types';
import { turnCredentials } from '@candor/media/src/turn/turn-credentials';
import { coturnMissing, freePort, startCoturn, type RunningCoturn } from '../support/coturn';
import { useExclusive } from '../support/exclusive';

jest.setTimeout(120_000);
useExclusive();

const chromiumPath = process.env.CANDOR_TEST_CHROMIUM ?? '/usr/bin/chromium';
const tools = ['/usr/bin/openssl', '/usr/bin/certutil'];
const missing =
  (existsSync(chromiumPath) ? undefined : `no Chromium at ${chromiumPath}`) ??
  coturnMissing ??
  tools.filter((tool) => !existsSync(tool)).map((tool) => `no ${tool} (apt-get install openssl libnss3-tools)`)[0];
const requireInfra = process.env.CANDOR_REQUIRE_INFRA === '1';
const mediasoupWorker = mediasoupWorkerPresent();

/** 443 if nothing listens there and we may bind it (root), else any free port. */
async function tlsPort(): Promise<number> {
  const server = createTcpServer();
  const free = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(443, '127.0.0.1', () => resolve(true));
  });
  if (free) await new Promise((resolve) => server.close(resolve));
  return free ? 443 : freePort();
}

/** A test CA and a certificate it issued for 127.0.0.1 (and localhost). */
function makeCertificates(dir: string) {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl(
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2'],
    ...['-subj', '/CN=Candor test CA', '-keyout', 'ca.key', '-out', 'ca.pem'],
    ...['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
  );
  openssl(
    ...['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
    ...['-subj', '/CN=127.0.0.1', '-keyout', 'turn.key', '-out', 'turn.csr'],
  );
  writeFileSync(
    join(dir, 'turn.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
  );
  openssl(
    ...['x509', '-req', '-in', 'turn.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial'],
    ...['-days', '2', '-extfile', 'turn.ext', '-out', 'turn.pem'],
  );
  return { ca: join(dir, 'ca.pem'), cert: join(dir, 'turn.pem'), key: join(dir, 'turn.key') };
}

/** A $HOME whose NSS database (Chromium's local trust store on Linux) trusts `caFile`, or nothing. */
function browserHome(dir: string, caFile?: string): string {
  const db = join(dir, '.pki', 'nssdb');
  mkdirSync(db, { recursive: true });
  execFileSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password'], { stdio: 'pipe' });
  if (caFile) execFileSync('certutil', ['-A', '-d', `sql:${db}`, '-n', 'candor-test-ca', '-t', 'C,,', '-i', caFile], { stdio: 'pipe' });
  return dir;
}

interface PageApi {
  publish(iceServers: IceServer[]): Promise<string>;
  accept(answer: string): Promise<void>;
  subscribe(offer: string, iceServers: IceServer[]): Promise<string>;
  received(): Promise<{ framesDecoded: number; frameWidth: number }>;
  /** per connection: the selected pair's local candidate type and the protocol to the relay */
  paths(): Promise<{ state: string; local?: string; relayProtocol?: string }[]>;
  gather(iceServers: IceServer[]): Promise<string[]>;
}
const page = `<!doctype html><script>
const complete = (pc) => new Promise((resolve) => {
  if (pc.iceGatheringState === 'complete') return resolve(pc.localDescription.sdp);
  pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve(pc.localDescription.sdp));
});
const peers = []; let pub, sub;
const relayed = (iceServers) => { const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: 'relay' }); peers.push(pc); return pc; };
window.publish = async (iceServers) => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 180 } });
  pub = relayed(iceServers);
  pub.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly', streams: [stream] });
  pub.addTransceiver('audio', { direction: 'sendonly' });
  await pub.setLocalDescription();
  return complete(pub);
};
window.accept = (sdp) => pub.setRemoteDescription({ type: 'answer', sdp });
window.subscribe = async (sdp, iceServers) => {
  sub = relayed(iceServers);
  sub.ontrack = ({ track }) => { const el = document.createElement('video'); el.srcObject = new MediaStream([track]); el.muted = true; el.play().catch(() => {}); document.body.append(el); };
  await sub.setRemoteDescription({ type: 'offer', sdp });
  await sub.setLocalDescription();
  return complete(sub);
};
window.received = async () => {
  let found = { framesDecoded: 0, frameWidth: 0 };
  if (sub) (await sub.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') found = { framesDecoded: s.framesDecoded ?? 0, frameWidth: s.frameWidth ?? 0 }; });
  return found;
};
window.paths = async () => Promise.all(peers.map(async (pc) => {
  const stats = [...(await pc.getStats()).values()];
  const transport = stats.find((s) => s.type === 'transport');
  const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
  const local = stats.find((s) => s.id === pair?.localCandidateId);
  return { state: pc.connectionState, local: local?.candidateType, relayProtocol: local?.relayProtocol };
}));
window.gather = async (iceServers) => {
  const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: 'relay' });
  const types = [];
  pc.addEventListener('icecandidate', (e) => { if (e.candidate?.type) types.push(e.candidate.type + '/' + (e.candidate.relayProtocol ?? '')); });
  pc.createDataChannel('probe');
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((resolve) => { setTimeout(resolve, 15000); pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve()); });
  pc.close();
  return types;
};
</script>`;

if (missing) {
  if (requireInfra) {
    test('Chromium, coturn, openssl and certutil are installed (CANDOR_REQUIRE_INFRA=1)', () => {
      throw new Error(missing);
    });
  } else {
    console.warn(`\n${'!'.repeat(78)}\nSKIPPED TURN over TLS: ${missing}\n${'!'.repeat(78)}\n`);
    test.skip(`TURN over TLS (${missing})`, () => undefined);
  }
} else {
  describe(`media through TURN over TLS only (coturn on loopback, ${mediasoupWorker.available ? 'mediasoup' : 'werift'} SFU)`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'candor-turn-tls-'));
    let coturn: RunningCoturn;
    let server: Server;
    let engine: SfuEngine;
    let turnsUrl: string;
    const browsers: Browser[] = [];

    const mint = (participantId: string): IceServer[] => [
      turnCredentials({ urls: [turnsUrl], secret: coturn.secret, lifetimeSeconds: 300 }, { roomId: 'tls-room', participantId }, new Date(Date.now() + 300_000)),
    ];
    const open = async (home: string): Promise<Page> => {
      const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--no-sandbox'],
        // Chromium reads locally trusted roots from $HOME/.pki/nssdb
        env: { ...process.env, HOME: home },
      });
      browsers.push(browser);
      const tab = await browser.newPage();
      await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      return tab;
    };

    beforeAll(async () => {
      const certificates = makeCertificates(dir);
      const port = await tlsPort();
      coturn = await startCoturn('turn-tls', { tls: { port, certFile: certificates.cert, keyFile: certificates.key } });
      // the only relay URL the browser gets: TLS, over TCP
      turnsUrl = `turns:127.0.0.1:${port}?transport=tcp`;
      server = createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const logger = createLogger('turn-tls', 'warn');
      engine = mediasoupWorker.available
        ? await createMediasoupEngine({ listenIp: '127.0.0.1', logger, onWorkerDied: (error) => { throw error; } })
        : createWeriftEngine({ listenIp: '127.0.0.1', logger });
    });
    afterAll(async () => {
      for (const browser of browsers) await browser.close().catch(() => undefined);
      await engine?.close();
      await new Promise((resolve) => server?.close(resolve));
      await coturn?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    test('a browser that trusts the relay\u2019s CA sends and receives video through turns: only', async () => {
      const tab = await open(browserHome(join(dir, 'trusting'), join(dir, 'ca.pem')));
      const room = await engine.createRoom('tls-room');
      try {
        const offer = await tab.evaluate((servers) => (globalThis as unknown as PageApi).publish(servers), mint('speaker'));
        // only relayed candidates went into the offer
        expect(offer).toMatch(/a=candidate:.* typ relay/);
        expect(offer).not.toMatch(/typ (host|srflx)/);
        const { answerSdp } = await room.publish('speaker', offer);
        await tab.evaluate((sdp) => (globalThis as unknown as PageApi).accept(sdp), answerSdp);
        const { subscriptionId, offerSdp } = await room.subscribe('viewer', 'speaker');
        const answer = await tab.evaluate(
          ([sdp, servers]) => (globalThis as unknown as PageApi).subscribe(sdp, servers),
          [offerSdp, mint('viewer')] as const,
        );
        await room.answer(subscriptionId, answer);
        const received = () => tab.evaluate(() => (globalThis as unknown as PageApi).received());
        const deadline = Date.now() + 60_000;
        let first = await received();
        while (first.framesDecoded === 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          first = await received();
        }
        expect(first.framesDecoded).toBeGreaterThan(0);
        // and it goes on flowing
        let later = first;
        while (later.framesDecoded < first.framesDecoded + 20 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          later = await received();
        }
        expect(later.framesDecoded).toBeGreaterThanOrEqual(first.framesDecoded + 20);
        const paths = await tab.evaluate(() => (globalThis as unknown as PageApi).paths());
        expect(paths).toEqual([
          { state: 'connected', local: 'relay', relayProtocol: 'tls' },
          { state: 'connected', local: 'relay', relayProtocol: 'tls' },
        ]);
        // coturn allocated for both participants' own short-lived usernames
        expect(coturn.log()).toMatch(/user <\d+:tls-room\.speaker>: incoming packet ALLOCATE processed, success/);
        expect(coturn.log()).toMatch(/user <\d+:tls-room\.viewer>: incoming packet ALLOCATE processed, success/);
      } finally {
        await room.close();
      }
    });

    test('a browser that does not trust the CA gets no relayed candidate from that relay', async () => {
      const tab = await open(browserHome(join(dir, 'untrusting')));
      const types = await tab.evaluate((servers) => (globalThis as unknown as PageApi).gather(servers), mint('stranger'));
      expect(types).toEqual([]);
      // the same page and relay, trusting the CA, do get one (the control for the line above)
      const trusting = await open(browserHome(join(dir, 'trusting-2'), join(dir, 'ca.pem')));
      const control = await trusting.evaluate((servers) => (globalThis as unknown as PageApi).gather(servers), mint('friend'));
      expect(control).toContain('relay/tls');
    });
  });
}
