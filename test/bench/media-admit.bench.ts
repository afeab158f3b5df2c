// `npm run bench:media` (part of `npm run bench`), second half: the time from "Admit" to the
// candidate's first decoded video frame at the interviewer, with two real browsers (Debian's
// Chromium, fake camera and microphone) against `npm start` on loopback, once per SFU engine in the
// same run (werift, then mediasoup where its worker is present: media-engines.ts). Written to
// bench-results-media-admit.json and printed as a table.
//
// Each round schedules a new interview (an admitted candidate cannot wait again), puts the host in the
// room and the candidate in the waiting room through the real pages, then — inside the host's page,
// so no round trip to this script is counted — clicks Admit and polls getStats every 10 ms until a
// video frame from the candidate has been decoded. The clock covers the admit message, the admission
// event, the candidate's publish offer/answer, the host's subscription offer/answer, ICE + DTLS of
// both new connections, the keyframe request and the first decoded frame.
//
// Baseline in the same run: two RTCPeerConnections inside one page of the same browser, from the
// offer to the first decoded frame of the same fake camera — what WebRTC itself costs on this
// machine, with no server in between.
//
//   BENCH_ROUNDS (5)   interviews measured per engine
//   BENCH_MEDIA_ENGINES (werift,mediasoup)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../support/infra';
import { hydrated, launchBrowser, startCandor, stopCandor, type RunningCandor } from '../browser/support';
import { scheduleLiveInterview } from '../browser/live-support';
import { benchEngines, type BenchEngine } from './media-engines';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const aimMs = 1_500;

interface Stats {
  min: number;
  p50: number;
  max: number;
  mean: number;
}

function summarise(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    min: Math.round(sorted[0]!),
    p50: Math.round(at(0.5)),
    max: Math.round(sorted[sorted.length - 1]!),
    mean: Math.round(values.reduce((sum, value) => sum + value, 0) / values.length),
  };
}

/** In the host page: click Admit, then poll until a video frame has been decoded; milliseconds. */
function admitToFirstFrame(host: Page, candidateName: string): Promise<number> {
  return host.evaluate(async (name) => {
    type Peer = {
      getStats(): Promise<{
        forEach(cb: (entry: { type: string; kind?: string; framesDecoded?: number }) => void): void;
      }>;
    };
    const peers = () => ((globalThis as unknown as { __candorPeers?: Peer[] }).__candorPeers ?? []).slice();
    const decoded = async () => {
      let frames = 0;
      for (const peer of peers()) {
        const report = await peer.getStats();
        report.forEach((entry) => {
          if (entry.type === 'inbound-rtp' && entry.kind === 'video') frames += entry.framesDecoded ?? 0;
        });
      }
      return frames;
    };
    if ((await decoded()) !== 0) throw new Error('the host decodes video before the admit');
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { click(): void } | null } })
      .document;
    const button = doc.querySelector(`button[aria-label="Admit ${name}"]`);
    if (!button) throw new Error('no Admit button');
    const started = performance.now();
    button.click();
    for (;;) {
      if ((await decoded()) > 0) return performance.now() - started;
      if (performance.now() - started > 20_000) throw new Error('no frame within 20 s of the admit');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }, candidateName);
}

/** Baseline: two peer connections in one page, offer → first decoded frame of the fake camera. */
function loopbackFirstFrame(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const w = globalThis as unknown as {
      RTCPeerConnection: new (config: object) => any;
      navigator: { mediaDevices: { getUserMedia(c: object): Promise<any> } };
    };
    const stream = await w.navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    const sender = new w.RTCPeerConnection({ iceServers: [] });
    const receiver = new w.RTCPeerConnection({ iceServers: [] });
    sender.onicecandidate = (event: any) => event.candidate && receiver.addIceCandidate(event.candidate);
    receiver.onicecandidate = (event: any) => event.candidate && sender.addIceCandidate(event.candidate);
    const started = performance.now();
    for (const track of stream.getTracks()) sender.addTrack(track, stream);
    await sender.setLocalDescription(await sender.createOffer());
    await receiver.setRemoteDescription(sender.localDescription);
    await receiver.setLocalDescription(await receiver.createAnswer());
    await sender.setRemoteDescription(receiver.localDescription);
    for (;;) {
      let frames = 0;
      (await receiver.getStats()).forEach((entry: any) => {
        if (entry.type === 'inbound-rtp' && entry.kind === 'video') frames += entry.framesDecoded ?? 0;
      });
      if (frames > 0) break;
      if (performance.now() - started > 20_000) throw new Error('no loopback frame within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const elapsed = performance.now() - started;
    sender.close();
    receiver.close();
    for (const track of stream.getTracks()) track.stop();
    return elapsed;
  });
}

async function recordPeers(context: BrowserContext): Promise<void> {
  // tsx (esbuild, keepNames) wraps named functions in `__name(…)`; the page has no such helper
  await context.addInitScript({ content: 'globalThis.__name = (target) => target;' });
  await context.addInitScript(() => {
    const page = globalThis as unknown as {
      __candorPeers?: unknown[];
      RTCPeerConnection: new (...args: unknown[]) => object;
    };
    const Native = page.RTCPeerConnection;
    const peers: unknown[] = [];
    page.__candorPeers = peers;
    page.RTCPeerConnection = class extends Native {
      constructor(...args: unknown[]) {
        super(...args);
        peers.push(this);
      }
    };
  });
}

async function hostJoins(host: Page, url: string): Promise<void> {
  await host.goto(url);
  await hydrated(host);
  await host.getByLabel('Your name').fill('Bench Host');
  await host.getByRole('button', { name: 'Continue' }).click();
  const join = host.getByRole('button', { name: 'Join the interview' });
  await join.waitFor();
  for (let i = 0; i < 100 && !(await join.isEnabled()); i++) await host.waitForTimeout(100);
  await join.click();
  await host.getByTestId('room').waitFor();
}

async function candidateWaits(candidate: Page, url: string): Promise<void> {
  await candidate.goto(url);
  await hydrated(candidate);
  await candidate.getByRole('button', { name: 'Test camera and microphone' }).click();
  await candidate.getByTestId('camera-preview').waitFor();
  const next = candidate.getByRole('button', { name: 'Continue', exact: true });
  for (let i = 0; i < 100 && !(await next.isEnabled()); i++) await candidate.waitForTimeout(100);
  await next.click();
  await candidate.getByLabel(/I agree to the interview being recorded/).check();
  await candidate.getByRole('button', { name: 'Continue to the waiting room' }).click();
  await candidate.getByRole('heading', { name: 'The interviewer will let you in' }).waitFor();
}

/** Admit → first frame for `rounds` interviews on `npm start` running `engine`. */
async function admitRounds(engine: BenchEngine, contexts: [BrowserContext, BrowserContext]): Promise<number[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-bench-admit-'));
  let candor: RunningCandor | undefined;
  try {
    candor = await startCandor(dataDir, undefined, { CANDOR_SFU_ENGINE: engine });
    const engineLine = `Live video rooms run on the ${engine} SFU engine`;
    for (let i = 0; i < 100 && !candor.output.join('').includes(engineLine); i++) await sleep(100);
    if (!candor.output.join('').includes(engineLine)) throw new Error(`npm start did not say "${engineLine}"`);
    const [hostContext, candidateContext] = contexts;
    const admit: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const candidateName = `Bench Candidate ${round + 1}`;
      const links = await scheduleLiveInterview(candor.url, candor.demo, {
        templateName: `Bench ${Date.now().toString(36)}`,
        candidateName,
        minutesAhead: 5,
      });
      const host = await hostContext.newPage();
      const candidate = await candidateContext.newPage();
      await hostJoins(host, candor.url + links.hostPath);
      await candidateWaits(candidate, candor.url + links.candidatePath);
      await host.locator(`button[aria-label="Admit ${candidateName}"]`).waitFor();
      const ms = await admitToFirstFrame(host, candidateName);
      admit.push(ms);
      console.log(`${engine} round ${round + 1}: admit → first decoded frame at the host ${Math.round(ms)} ms`);
      await candidate.close();
      await host.close();
    }
    return admit;
  } finally {
    if (candor) await stopCandor(candor).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const engines = benchEngines();
  const profiles = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'candor-bench-admit-profile-')));
  const baselineDir = mkdtempSync(join(tmpdir(), 'candor-bench-admit-'));
  let candor: RunningCandor | undefined;
  const contexts: BrowserContext[] = [];
  try {
    for (const profile of profiles) {
      const context = await launchBrowser(profile);
      await recordPeers(context);
      contexts.push(context);
    }
    const [hostContext, candidateContext] = contexts as [BrowserContext, BrowserContext];

    // the baseline needs only a page of the app's origin (getUserMedia wants a secure context)
    candor = await startCandor(baselineDir, undefined, { CANDOR_SFU_ENGINE: 'werift' });
    const baselinePage = await hostContext.newPage();
    await baselinePage.goto(candor.url + '/login');
    const baseline: number[] = [];
    for (let round = 0; round < rounds; round++) baseline.push(await loopbackFirstFrame(baselinePage));
    await baselinePage.close();
    await stopCandor(candor);
    candor = undefined;

    const admit: Partial<Record<BenchEngine, number[]>> = {};
    for (const engine of engines) admit[engine] = await admitRounds(engine, [hostContext, candidateContext]);

    const perEngine = Object.fromEntries(
      engines.map((engine) => {
        const stats = summarise(admit[engine]!);
        return [
          engine,
          { admitToFirstFrameMs: stats, aimMet: stats.max <= aimMs, samples: admit[engine]!.map(Math.round) },
        ];
      }),
    );
    const results = {
      benchmark: 'live room: admit → candidate’s first decoded video frame at the interviewer',
      at: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        loadAverage: loadavg(),
      },
      engines: perEngine,
      rounds,
      aimMs,
      baselineLoopbackOfferToFirstFrameMs: summarise(baseline),
      baselineSamples: baseline.map(Math.round),
    };
    writeFileSync(join(REPO_ROOT, 'bench-results-media-admit.json'), `${JSON.stringify(results, null, 2)}\n`);
    const row = (name: string, stats: Stats) =>
      `| ${name} | ${stats.min} | ${stats.p50} | ${stats.mean} | ${stats.max} |`;
    console.log(
      [
        '',
        '| ms (n = ' + rounds + ') | min | p50 | mean | max |',
        '|---|---|---|---|---|',
        ...engines.map((engine) =>
          row(
            `admit → first decoded frame at the host (${engine} SFU, npm start)`,
            perEngine[engine]!.admitToFirstFrameMs,
          ),
        ),
        row(
          'baseline: two peer connections in one page, offer → first frame',
          results.baselineLoopbackOfferToFirstFrameMs,
        ),
        '',
        ...engines.map(
          (engine) =>
            `${engine}: aim ≤ ${aimMs} ms ${perEngine[engine]!.aimMet ? 'met' : 'NOT met'} (worst round ${perEngine[engine]!.admitToFirstFrameMs.max} ms)`,
        ),
        'written to bench-results-media-admit.json',
      ].join('\n'),
    );
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
    if (candor) await stopCandor(candor).catch(() => undefined);
    for (const dir of [baselineDir, ...profiles]) rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
