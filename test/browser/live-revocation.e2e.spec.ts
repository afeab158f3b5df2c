// Revocation reaches people already in the room, in two real browsers against `npm start`: the
// candidate is admitted and media flows both ways (getStats); the recruiter revokes the candidate
// link over the API and at once the candidate's page says the link was withdrawn, its peer
// connections close, and the candidate's media stops reaching the interviewer (one second after the
// revoke answered, the interviewer's inbound counters for it — bytes, packets, frames — no longer
// move). Re-issuing the interviewer link then does the same to the interviewer. Last, both come back
// through fresh links, media flows again, and revoking the interviewer link stops the
// interviewer's media at the candidate within the second in the same way.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { apiPaths, type LiveLinksResponse, type SessionResponse } from '@candor/contracts';
import {
  chromiumMissing,
  expectVisible,
  hydrated,
  launchBrowser,
  requireInfra,
  screenshots,
  startCandor,
  stopCandor,
  type RunningCandor,
} from './support';
import {
  eventually,
  inboundStats,
  peerStates,
  recordPeerConnections,
  scheduleLiveInterview,
  type ScheduledLive,
} from './live-support';
import { useExclusive } from '../support/exclusive';

jest.setTimeout(240_000);
useExclusive();

const candidateName = 'Eleanor Shellstrop';
const hostName = 'Ada Lovelace';

if (chromiumMissing) {
  if (requireInfra) {
    test('Chromium is installed (CANDOR_REQUIRE_INFRA=1)', () => {
      throw new Error(chromiumMissing);
    });
  } else {
    console.warn(
      `SKIPPED live revocation browser e2e: ${chromiumMissing}. Set CANDOR_REQUIRE_INFRA=1 to make this a failure.`,
    );
    test.skip(`revocation in a live room (${chromiumMissing})`, () => undefined);
  }
} else {
  describe('revoking a link while its holder is in the room', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'candor-e2e-revoke-'));
    const hostProfile = mkdtempSync(join(tmpdir(), 'candor-e2e-revoke-host-'));
    const candidateProfile = mkdtempSync(join(tmpdir(), 'candor-e2e-revoke-candidate-'));
    let candor: RunningCandor | undefined;
    let hostContext: BrowserContext | undefined;
    let candidateContext: BrowserContext | undefined;
    let host: Page;
    let candidate: Page;
    let links: ScheduledLive;
    let recruiterToken: string;

    beforeAll(async () => {
      mkdirSync(screenshots, { recursive: true });
      candor = await startCandor(dataDir);
      hostContext = await launchBrowser(hostProfile);
      candidateContext = await launchBrowser(candidateProfile, { width: 360, height: 740 });
      await recordPeerConnections(hostContext);
      await recordPeerConnections(candidateContext);
      host = hostContext.pages()[0] ?? (await hostContext.newPage());
      candidate = candidateContext.pages()[0] ?? (await candidateContext.newPage());
      const session = await fetch(candor.url + apiPaths.identity.logIn, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(candor.demo),
      });
      recruiterToken = ((await session.json()) as SessionResponse).token;
    }, 240_000);

    afterAll(async () => {
      await hostContext?.close();
      await candidateContext?.close();
      if (candor) await stopCandor(candor).catch(() => undefined);
      for (const dir of [hostProfile, candidateProfile, dataDir, `${dataDir}-secrets`])
        rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    const changeLink = async (action: 'revoke' | 'reissue', role: 'candidate' | 'host') => {
      const path =
        action === 'revoke'
          ? apiPaths.invite.revokeLiveLink(links.liveInterviewId)
          : apiPaths.invite.reissueLiveLink(links.liveInterviewId);
      const response = await fetch(candor!.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${recruiterToken}` },
        body: JSON.stringify({ role }),
      });
      expect(response.status).toBe(200);
      return Date.now();
    };

    /** Waits until `page`'s inbound counters stopped: sampled one second after `since`, then 2 s later. */
    async function mediaStoppedAt(page: Page, since: number) {
      await sleep(Math.max(0, since + 1_000 - Date.now()));
      const stopped = await inboundStats(page);
      await sleep(2_000);
      const later = await inboundStats(page);
      return {
        audioBytes: later.audio.bytesReceived - stopped.audio.bytesReceived,
        audioPackets: later.audio.packetsReceived - stopped.audio.packetsReceived,
        videoBytes: later.video.bytesReceived - stopped.video.bytesReceived,
        videoFrames: later.video.framesDecoded - stopped.video.framesDecoded,
      };
    }

    /** The interviewer's page through `path`: name, devices, into the room. */
    async function hostEnters(path: string) {
      await host.goto(candor!.url + path);
      await hydrated(host);
      await host.getByLabel('Your name').fill(hostName);
      await host.getByRole('button', { name: 'Continue' }).click();
      const join = host.getByRole('button', { name: 'Join the interview' });
      await eventually(() => join.isEnabled(), Boolean, 10_000, 'the devices to be ready');
      await join.click();
      await expectVisible(host.getByTestId('room'));
    }

    /**
     * The candidate's page through `path`: equipment test, consent, waiting room; the interviewer
     * admits (the first time). The page remembers the consent to recording for the tab (sessionStorage), so a second
     * entry goes from the equipment test straight to the waiting room.
     */
    async function candidateIsAdmitted(path: string, { consentGiven = false } = {}) {
      await candidate.goto(candor!.url + path);
      await hydrated(candidate);
      await candidate.getByRole('button', { name: 'Test camera and microphone' }).click();
      await expectVisible(candidate.getByTestId('camera-preview'));
      if (!consentGiven) {
        await candidate.getByRole('button', { name: 'Continue', exact: true }).click();
        await candidate.getByLabel(/I agree to the interview being recorded/).check();
      }
      await candidate.getByRole('button', { name: 'Continue to the waiting room' }).click();
      // a candidate admitted once to this interview comes back in without a second admission
      const admit = host.getByRole('button', { name: `Admit ${candidateName}` });
      const room = candidate.getByTestId('room');
      await eventually(
        async () => (await admit.isVisible()) || (await room.isVisible()),
        Boolean,
        20_000,
        'the admit button or the room',
      );
      if (!(await room.isVisible())) await admit.click();
      await expectVisible(room);
    }

    const bothReceive = async () => {
      for (const page of [host, candidate]) {
        await eventually(
          () => inboundStats(page),
          (stats) => stats.video.framesDecoded > 0 && stats.audio.packetsReceived > 0,
          20_000,
          'first media',
        );
      }
    };

    it('the candidate is admitted and media flows both ways', async () => {
      links = await scheduleLiveInterview(candor!.url, candor!.demo, {
        templateName: `Revocation ${Date.now().toString(36)}`,
        candidateName,
        minutesAhead: 5,
      });

      await hostEnters(links.hostPath);
      await candidateIsAdmitted(links.candidatePath);
      await bothReceive();
    });

    it('revoking the candidate link: their page says so, their connections close, their media stops at the interviewer', async () => {
      const flowing = await inboundStats(host);
      await sleep(500);
      expect((await inboundStats(host)).video.framesDecoded).toBeGreaterThan(flowing.video.framesDecoded);

      const revokedAt = await changeLink('revoke', 'candidate');
      await expectVisible(candidate.getByRole('heading', { name: 'This interview link has been withdrawn' }));
      await eventually(
        () => peerStates(candidate),
        (peers) => peers.length > 0 && peers.every((peer) => peer.connection === 'closed'),
        5_000,
        'the candidate\u2019s connections to close',
      );
      await host
        .getByTestId('participant-tile')
        .filter({ hasText: candidateName })
        .waitFor({ state: 'detached', timeout: 5_000 });
      const after = await mediaStoppedAt(host, revokedAt);
      expect(after).toEqual({ audioBytes: 0, audioPackets: 0, videoBytes: 0, videoFrames: 0 });
      expect(await host.getByTestId('room').isVisible()).toBe(true); // the interviewer stays
      await candidate.screenshot({ path: join(screenshots, 'live-revoked-360.png'), fullPage: true });
    });

    it('re-issuing the interviewer link removes the interviewer the same way', async () => {
      await changeLink('reissue', 'host');
      await expectVisible(host.getByRole('heading', { name: 'This interviewer link has been withdrawn' }));
      await eventually(
        () => peerStates(host),
        (peers) => peers.length > 0 && peers.every((peer) => peer.connection === 'closed'),
        5_000,
        'the interviewer\u2019s connections to close',
      );
    });

    it('revoking the interviewer link while media flows: their page says so, their media stops at the candidate', async () => {
      // both come back through fresh links: the candidate's (revoked above) re-issued, the host's new one
      await changeLink('reissue', 'candidate');
      const fresh = await fetch(candor!.url + apiPaths.invite.liveLinks(links.liveInterviewId), {
        headers: { authorization: `Bearer ${recruiterToken}` },
      });
      const paths = (await fresh.json()) as LiveLinksResponse;
      await hostEnters(paths.host!.path);
      await candidateIsAdmitted(paths.candidate!.path, { consentGiven: true });
      await bothReceive();
      const flowing = await inboundStats(candidate);
      await sleep(500);
      expect((await inboundStats(candidate)).video.bytesReceived).toBeGreaterThan(flowing.video.bytesReceived);

      const revokedAt = await changeLink('revoke', 'host');
      await expectVisible(host.getByRole('heading', { name: 'This interviewer link has been withdrawn' }));
      await eventually(
        () => peerStates(host),
        (peers) => peers.length > 0 && peers.every((peer) => peer.connection === 'closed'),
        5_000,
        'the interviewer\u2019s connections to close',
      );
      const after = await mediaStoppedAt(candidate, revokedAt);
      expect(after).toEqual({ audioBytes: 0, audioPackets: 0, videoBytes: 0, videoFrames: 0 });
    });
  });
}
