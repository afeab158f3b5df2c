// A live interview whose browsers may only use the TURN relay, on both SFU engines: Debian's coturn on loopback (its own
// ports and folder, stopped afterwards; test/support/coturn.ts), `npm start` told its URLs and
// secret (CANDOR_TURN_URLS, CANDOR_TURN_SECRET), and both Chromium profiles forced to
// `iceTransportPolicy: 'relay'` by an init script (production code has no such switch). The
// interviewer joins, the candidate waits and is admitted, and both decode each other's video and
// audio with every connection's selected candidate pair a relayed one; coturn logged allocations
// for each participant's own short-lived username. The candidate's equipment test says the
// network reaches the interview through the relay only. Credentials whose expiry has passed are
// refused by the relay (401, no relay candidate), while fresh ones minted the same way get one.
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import {
  chromiumMissing,
  expectVisible,
  hydrated,
  launchBrowser,
  requireInfra,
  startCandor,
  stopCandor,
  watchForErrors,
  type RunningCandor,
} from './support';
import { eventually, inboundStats, recordPeerConnections, scheduleLiveInterview, type ScheduledLive } from './live-support';
import { coturnMissing, startCoturn, type RunningCoturn } from '../support/coturn';
import { useExclusive } from '../support/exclusive';
import { mediasoupWorkerPresent } from '@candor/media/src/sfu/choose-engine';

jest.setTimeout(180_000);
useExclusive();

// Both SFU engines: werift always, mediasoup where its worker is present (npm run media:worker, then
// MEDIASOUP_WORKER_BIN); CANDOR_REQUIRE_MEDIASOUP=1 makes a missing worker a failure, not a loud skip.
const mediasoupWorker = mediasoupWorkerPresent();
const mediasoupMissing = mediasoupWorker.available ? undefined : mediasoupWorker.reason;
const sfuEngines: ('werift' | 'mediasoup')[] =
  !mediasoupMissing || process.env.CANDOR_REQUIRE_MEDIASOUP === '1' ? ['werift', 'mediasoup'] : ['werift'];
if (mediasoupMissing && !sfuEngines.includes('mediasoup')) console.warn(`SKIPPED the TURN relay e2e on mediasoup: ${mediasoupMissing}`);

const missing = chromiumMissing ?? coturnMissing;
const candidateName = 'Tahani Al-Jamil';
/**
 * Chromium aborts loads with ERR_NETWORK_CHANGED whenever the machine's interfaces change (other
 * suites on this machine start podman containers, each adding a veth interface): the machine's, not
 * the page's doing.
 */
const networkChanged = /net::ERR_NETWORK_CHANGED/;
const hostName = 'Jason Mendoza';

/** Every peer connection a page of this context makes may only use relayed candidates. */
async function relayOnly(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const page = globalThis as unknown as { RTCPeerConnection: new (config?: object) => object };
    const Native = page.RTCPeerConnection;
    page.RTCPeerConnection = class extends Native {
      constructor(config: object = {}) {
        super({ ...config, iceTransportPolicy: 'relay' });
      }
    };
  });
}

interface PairInfo {
  state: string;
  local: string | undefined;
  remote: string | undefined;
  relayProtocol: string | undefined;
}

/** The selected candidate pair of each open peer connection: local and remote candidate types. */
function selectedPairs(page: Page): Promise<PairInfo[]> {
  return page.evaluate(async () => {
    type Entry = Record<string, unknown> & { type: string; id: string };
    const peers = (globalThis as unknown as { __candorPeers?: { connectionState: string; getStats(): Promise<Map<string, Entry>> }[] })
      .__candorPeers ?? [];
    const out: PairInfo[] = [];
    for (const pc of peers) {
      if (pc.connectionState === 'closed') continue;
      const stats = await pc.getStats();
      const entries = [...stats.values()];
      const transport = entries.find((entry) => entry.type === 'transport');
      const pair = entries.find((entry) => entry.id === transport?.selectedCandidatePairId);
      const local = entries.find((entry) => entry.id === pair?.localCandidateId);
      const remote = entries.find((entry) => entry.id === pair?.remoteCandidateId);
      out.push({
        state: pc.connectionState,
        local: local?.candidateType as string | undefined,
        remote: remote?.candidateType as string | undefined,
        relayProtocol: local?.relayProtocol as string | undefined,
      });
    }
    return out;
  });
}

// The page's RTCPeerConnection, typed here without the DOM library (the test project compiles for Node).
interface ProbePeer {
  iceGatheringState: string;
  addEventListener(type: string, listener: (event: { candidate?: { type?: string } | null; errorCode?: number }) => void): void;
  createDataChannel(label: string): unknown;
  createOffer(): Promise<unknown>;
  setLocalDescription(description: unknown): Promise<void>;
  close(): void;
}

/** In the page: gathers with only this relay; the candidate types found and the errors reported. */
function gatherThrough(page: Page, server: { urls: string[]; username: string; credential: string }) {
  return page.evaluate(async (iceServer) => {
    const Peer = (globalThis as unknown as { RTCPeerConnection: new (config: object) => ProbePeer }).RTCPeerConnection;
    const pc = new Peer({ iceServers: [iceServer], iceTransportPolicy: 'relay' });
    const types: string[] = [];
    const errors: number[] = [];
    pc.addEventListener('icecandidate', (event) => {
      if (event.candidate?.type) types.push(event.candidate.type);
    });
    pc.addEventListener('icecandidateerror', (event) => errors.push(event.errorCode ?? 0));
    pc.createDataChannel('probe');
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      const done = () => pc.iceGatheringState === 'complete' && resolve();
      pc.addEventListener('icegatheringstatechange', done);
      setTimeout(resolve, 10_000);
      done();
    });
    pc.close();
    return { types, errors };
  }, server);
}

if (missing) {
  if (requireInfra) {
    test('Chromium and coturn are installed (CANDOR_REQUIRE_INFRA=1)', () => {
      throw new Error(missing);
    });
  } else {
    console.warn(`SKIPPED live interview through TURN: ${missing}. Set CANDOR_REQUIRE_INFRA=1 to make this a failure.`);
    test.skip(`live interview through TURN (${missing})`, () => undefined);
  }
} else {
  describe.each(sfuEngines)('a live interview through the TURN relay only (coturn on loopback, %s SFU)', (engine) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'candor-e2e-turn-'));
    const profiles = [mkdtempSync(join(tmpdir(), 'candor-e2e-turn-host-')), mkdtempSync(join(tmpdir(), 'candor-e2e-turn-cand-'))];
    let coturn: RunningCoturn | undefined;
    let candor: RunningCandor | undefined;
    let contexts: BrowserContext[] = [];
    let host: Page;
    let candidate: Page;
    let links: ScheduledLive;
    let urls: string[];
    const browserErrors: string[] = [];

    beforeAll(async () => {
      if (engine === 'mediasoup' && mediasoupMissing) throw new Error(`CANDOR_REQUIRE_MEDIASOUP=1 but ${mediasoupMissing}`);
      coturn = await startCoturn(`live-turn-${engine}`);
      urls = [`turn:127.0.0.1:${coturn.port}?transport=udp`, `turn:127.0.0.1:${coturn.port}?transport=tcp`];
      candor = await startCandor(dataDir, undefined, {
        CANDOR_SFU_ENGINE: engine,
        CANDOR_MEDIA_LISTEN_IP: '127.0.0.1',
        CANDOR_TURN_URLS: urls.join(','),
        CANDOR_TURN_SECRET: coturn.secret,
      });
      contexts = [await launchBrowser(profiles[0]!), await launchBrowser(profiles[1]!)];
      for (const context of contexts) {
        await relayOnly(context);
        await recordPeerConnections(context);
      }
      host = contexts[0]!.pages()[0] ?? (await contexts[0]!.newPage());
      candidate = contexts[1]!.pages()[0] ?? (await contexts[1]!.newPage());
      for (const page of [host, candidate]) watchForErrors(page, browserErrors);
      links = await scheduleLiveInterview(candor.url, candor.demo, {
        templateName: `Relay panel ${Date.now().toString(36)}`,
        candidateName,
        minutesAhead: 5,
      });
    }, 180_000);

    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      if (candor) await stopCandor(candor).catch(() => undefined);
      await coturn?.stop();
      for (const dir of [...profiles, dataDir, `${dataDir}-secrets`]) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('the interviewer joins and the candidate waits; admitted, both decode each other’s media through the relay', async () => {
      await host.goto(candor!.url + links.hostPath);
      await hydrated(host);
      await host.getByLabel('Your name').fill(hostName);
      await host.getByRole('button', { name: 'Continue' }).click();
      const join = host.getByRole('button', { name: 'Join the interview' });
      await eventually(() => join.isEnabled(), Boolean, 10_000, 'the devices to be ready');
      await join.click();
      await expectVisible(host.getByTestId('room'));

      await candidate.goto(candor!.url + links.candidatePath);
      await hydrated(candidate);
      await candidate.getByRole('button', { name: 'Test camera and microphone' }).click();
      await expectVisible(candidate.getByTestId('camera-preview'));
      // the equipment test's network check: this browser reaches the SFU only through the relay
      const result = candidate.getByTestId('network-result');
      await result.waitFor({ state: 'visible', timeout: 40_000 });
      expect(await result.getAttribute('data-level')).toBe('fine');
      expect(await result.innerText()).toContain('through our relay server only');
      const paths = candidate.getByRole('list', { name: 'Connection paths tested' });
      for (const [path, outcome] of [['udp', 'failed'], ['tcp', 'failed'], ['relay', 'ok']])
        expect(await paths.locator(`[data-path="${path}"]`).getAttribute('data-result')).toBe(outcome);
      await candidate.getByRole('button', { name: 'Continue', exact: true }).click();
      await candidate.getByLabel(/I agree to the interview being recorded/).check();
      await candidate.getByRole('button', { name: 'Continue to the waiting room' }).click();
      await host.getByRole('button', { name: `Admit ${candidateName}` }).click();
      await expectVisible(candidate.getByTestId('room'));

      for (const page of [host, candidate]) {
        await eventually(() => inboundStats(page), (stats) => stats.video.framesDecoded > 0 && stats.audio.packetsReceived > 0, 30_000, 'first media');
        // and goes on flowing (a window, not a fixed pause: see networkChanged below)
        const before = await inboundStats(page);
        await eventually(
          () => inboundStats(page),
          (after) => after.video.framesDecoded > before.video.framesDecoded + 10 && after.audio.packetsReceived > before.audio.packetsReceived + 50,
          15_000,
          'media to keep flowing',
        );
        // publishing and subscribing connections alike: connected, and over a relayed candidate
        const pairs = await eventually(() => selectedPairs(page), (found) => found.length >= 2 && found.every((pair) => pair.local), 10_000, 'selected pairs');
        for (const pair of pairs) expect(pair).toMatchObject({ state: 'connected', local: 'relay' });
      }
      // the relay saw allocations under each participant's own username, never a shared one
      const log = coturn!.log();
      expect(log).toMatch(/user <\d+:[\w-]+\.candidate>: incoming packet ALLOCATE processed, success/);
      expect(log).toMatch(/user <\d+:[\w-]+\.host-[0-9a-f]+>: incoming packet ALLOCATE processed, success/);
    });

    it('the relay refuses expired credentials (401, no relayed candidate) and takes fresh ones', async () => {
      const minted = (expiry: number) => {
        const username = `${expiry}:probe.candidate`;
        return { urls, username, credential: createHmac('sha1', coturn!.secret).update(username).digest('base64') };
      };
      const now = Math.floor(Date.now() / 1000);
      const expired = await gatherThrough(candidate, minted(now - 5));
      expect(expired.types).toEqual([]);
      expect(expired.errors).toContain(401);
      const fresh = await gatherThrough(candidate, minted(now + 60));
      expect(fresh.types).toContain('relay');
      // a credential that is not the HMAC of its own username is refused as well
      const forged = await gatherThrough(candidate, { ...minted(now + 60), credential: minted(now + 61).credential });
      expect(forged.types).toEqual([]);
    });

    it('no script or console errors on either page', () => {
      expect(browserErrors.filter((error) => !networkChanged.test(error))).toEqual([]);
    });
  });
}
