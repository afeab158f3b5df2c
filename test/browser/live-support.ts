// What the live interview browser suite needs beyond support.ts: scheduling an interview over the
// HTTP API as a recruiter, watching every RTCPeerConnection a page makes (the page exposes none: an
// init script wraps the constructor, so production code carries no test hooks), reading their
// inbound RTP statistics, and waiting for a condition.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  apiPaths,
  type CommandResult,
  type LiveLinksResponse,
  type ScheduleLiveInterviewResponse,
  type SessionResponse,
} from '@candor/contracts';
import type { BrowserContext, Page } from 'playwright-core';

async function call<T>(baseUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

export interface ScheduledLive {
  liveInterviewId: string;
  candidatePath: string;
  hostPath: string;
}

/**
 * Logs in as `login` (the demo recruiter), makes a recordable template and schedules an interview
 * `minutesAhead` from now (inside the waiting room's 15 minutes), then reads both links back
 * from the links endpoint, as the dashboard's "Copy … link" does.
 */
export async function scheduleLiveInterview(
  baseUrl: string,
  login: { email: string; password: string },
  options: { templateName: string; candidateName: string; minutesAhead: number },
): Promise<ScheduledLive> {
  const session = await call<SessionResponse>(baseUrl, 'POST', apiPaths.identity.logIn, login);
  const template = await call<CommandResult>(
    baseUrl,
    'POST',
    apiPaths.invite.liveTemplates,
    {
      name: options.templateName,
      durationMinutes: 30,
      instructions: 'Please have a pen and paper ready.',
      recordable: true,
      defaultInterviewers: [],
    },
    session.token,
  );
  // a wall-clock time in UTC, to the minute: between minutesAhead - 1 and minutesAhead from now
  const startsAt = new Date(Date.now() + options.minutesAhead * 60_000).toISOString().slice(0, 16);
  const scheduled = await call<ScheduleLiveInterviewResponse>(
    baseUrl,
    'POST',
    apiPaths.invite.liveInterviews,
    {
      templateId: template.id,
      candidateName: options.candidateName,
      candidateEmail: `candidate.${Date.now().toString(36)}@example.com`,
      startsAt,
      timeZone: 'UTC',
      guestInterviewers: [],
    },
    session.token,
  );
  const links = await call<LiveLinksResponse>(baseUrl, 'GET', apiPaths.invite.liveLinks(scheduled.id), undefined, session.token);
  if (!links.candidate || !links.host) throw new Error(`links missing: ${JSON.stringify(links)}`);
  return { liveInterviewId: scheduled.id, candidatePath: links.candidate.path, hostPath: links.host.path };
}

// The page's side, typed here without the DOM library (the test project compiles for Node).
interface StatsEntry {
  type: string;
  kind?: string;
  packetsReceived?: number;
  bytesReceived?: number;
  totalSamplesReceived?: number;
  framesDecoded?: number;
}
interface PagePeer {
  connectionState: string;
  signalingState: string;
  getStats(): Promise<{ forEach(callback: (entry: StatsEntry) => void): void }>;
}
interface PageGlobals {
  __candorPeers?: PagePeer[];
  RTCPeerConnection: new (...args: unknown[]) => PagePeer;
}
interface PageVideo {
  videoWidth: number;
  currentTime: number;
}

/** Every page of the context records the peer connections it creates in `window.__candorPeers`. */
export async function recordPeerConnections(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const page = globalThis as unknown as PageGlobals;
    const Native = page.RTCPeerConnection;
    const peers: PagePeer[] = [];
    page.__candorPeers = peers;
    page.RTCPeerConnection = class extends Native {
      constructor(...args: unknown[]) {
        super(...args);
        peers.push(this);
      }
    };
  });
}

export interface InboundStats {
  /** peer connections made so far, and those not closed */
  peers: number;
  open: number;
  /** inbound-rtp entries of open connections, and their sums by kind */
  inbound: number;
  audio: { packetsReceived: number; bytesReceived: number; totalSamplesReceived: number };
  video: { packetsReceived: number; bytesReceived: number; framesDecoded: number };
}

/** Sums the inbound RTP statistics of the page's open peer connections. */
export function inboundStats(page: Page): Promise<InboundStats> {
  return page.evaluate(async () => {
    const result = {
      peers: 0,
      open: 0,
      inbound: 0,
      audio: { packetsReceived: 0, bytesReceived: 0, totalSamplesReceived: 0 },
      video: { packetsReceived: 0, bytesReceived: 0, framesDecoded: 0 },
    };
    for (const pc of (globalThis as unknown as PageGlobals).__candorPeers ?? []) {
      result.peers++;
      if (pc.connectionState === 'closed' || pc.signalingState === 'closed') continue;
      result.open++;
      const report = await pc.getStats();
      report.forEach((entry) => {
        if (entry.type !== 'inbound-rtp') return;
        result.inbound++;
        if (entry.kind === 'audio') {
          result.audio.packetsReceived += entry.packetsReceived ?? 0;
          result.audio.bytesReceived += entry.bytesReceived ?? 0;
          result.audio.totalSamplesReceived += entry.totalSamplesReceived ?? 0;
        } else if (entry.kind === 'video') {
          result.video.packetsReceived += entry.packetsReceived ?? 0;
          result.video.bytesReceived += entry.bytesReceived ?? 0;
          result.video.framesDecoded += entry.framesDecoded ?? 0;
        }
      });
    }
    return result;
  });
}

/** Connection and signalling state of every peer connection the page made. */
export function peerStates(page: Page): Promise<{ connection: string; signaling: string }[]> {
  return page.evaluate(() =>
    ((globalThis as unknown as PageGlobals).__candorPeers ?? []).map((pc) => ({ connection: pc.connectionState, signaling: pc.signalingState })),
  );
}

/** Polls `read` until `done` holds; fails with the last value. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await sleep(200);
  }
}

/** Whether a <video> plays: has a picture and its time moves on. */
export async function videoPlays(page: Page, selector: string): Promise<boolean> {
  const first = await page.locator(selector).first().evaluate((video: PageVideo) => ({ width: video.videoWidth, time: video.currentTime }));
  await sleep(600);
  const second = await page.locator(selector).first().evaluate((video: PageVideo) => ({ width: video.videoWidth, time: video.currentTime }));
  return second.width > 0 && second.time > first.time;
}

/** The microphone meter's readings over `ms` (its aria-valuenow, 0–100). */
export async function meterReadings(page: Page, ms = 3_000): Promise<number[]> {
  const readings: number[] = [];
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    readings.push(Number(await page.getByRole('meter', { name: 'Microphone level' }).getAttribute('aria-valuenow')));
    await sleep(100);
  }
  return readings;
}
