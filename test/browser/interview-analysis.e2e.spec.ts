// The Interview Analysis page in a real browser (Debian's Chromium) against `npm start`: the demo
// recruiter schedules a live interview in Europe/Berlin over the HTTP API; the room is run through
// its real signalling (an interviewer's and the candidate's WebSockets with room tokens minted from
// the two links: join, admit, end); the recruiter finds the interview on the template's Invites tab,
// opens its analysis page and sees the candidate, the details (scheduled time in Berlin, the actual
// duration, the interviewers), the participants and the timeline; gives a score with a note through
// the form, then a colleague (added on the Team page) scores too, and the page shows both and the
// average. The playlist shows its honest empty state: no recording was made (or, in a
// composition without the recording service's routes, that recordings are not available). The
// Team page also sets the organisation's recording retention: 180 days until chosen; a bad number
// is refused and changes nothing.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { BrowserContext, Page } from 'playwright-core';
import {
  apiPaths,
  liveLinkPrefixes,
  type CommandResult,
  type LiveLinksResponse,
  type LiveRole,
  type ScheduleLiveInterviewResponse,
  type SessionResponse,
} from '@candor/contracts';
import {
  chromiumMissing,
  expectVisible,
  hydrated,
  launchBrowser,
  logIn,
  requireInfra,
  screenshots,
  startCandor,
  stopCandor,
  watchForErrors,
  type RunningCandor,
} from './support';
import { eventually } from './live-support';
import { request } from '../support/http';
import { SignalClient } from '../support/signal-client';
import { useExclusive } from '../support/exclusive';

jest.setTimeout(240_000);
// Chromium in real time: one such suite at a time
useExclusive();

const candidateName = 'Tahani Al-Jamil';
const hostName = 'Eleanor Shellstrop';
const zone = 'Europe/Berlin';

if (chromiumMissing) {
  if (requireInfra) {
    test('Chromium is installed (CANDOR_REQUIRE_INFRA=1)', () => {
      throw new Error(chromiumMissing);
    });
  } else {
    console.warn(
      `SKIPPED interview analysis browser e2e: ${chromiumMissing}. Set CANDOR_REQUIRE_INFRA=1 to make this a failure.`,
    );
    test.skip(`interview analysis page (${chromiumMissing})`, () => undefined);
  }
} else {
  describe('the Interview Analysis page of a live interview', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'candor-e2e-analysis-'));
    const profile = mkdtempSync(join(tmpdir(), 'candor-e2e-analysis-browser-'));
    let candor: RunningCandor | undefined;
    let context: BrowserContext | undefined;
    let page: Page;
    const sockets: SignalClient[] = [];
    const browserErrors: string[] = [];
    const templateName = `Product panel ${Date.now().toString(36)}`;
    let interviewId: string;
    let templateId: string;
    let startsAtBerlin: DateTime;
    let recruiterToken: string;

    beforeAll(async () => {
      mkdirSync(screenshots, { recursive: true });
      candor = await startCandor(dataDir);
      context = await launchBrowser(profile);
      page = context.pages()[0] ?? (await context.newPage());
      watchForErrors(page, browserErrors);
    }, 240_000);

    afterAll(async () => {
      for (const socket of sockets) socket.terminate();
      await context?.close();
      if (candor) await stopCandor(candor).catch(() => undefined);
      for (const dir of [profile, dataDir]) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    const api = (method: string, path: string, body?: unknown, token = recruiterToken) =>
      request(candor!.url, method, path, { token, body });

    it('schedules an interview in Berlin and runs it through the room’s signalling', async () => {
      const login = await api('POST', apiPaths.identity.logIn, candor!.demo, '');
      expect(login.status).toBe(200);
      recruiterToken = (login.body as SessionResponse).token;
      const template = await api('POST', apiPaths.invite.liveTemplates, {
        name: templateName,
        durationMinutes: 30,
        recordable: true,
        defaultInterviewers: [{ name: hostName, email: 'eleanor@example.com' }],
      });
      expect(template.status).toBe(201);
      templateId = (template.body as CommandResult).id;
      // two minutes ahead on Berlin's wall clock: inside the waiting room's window
      startsAtBerlin = DateTime.now().setZone(zone).plus({ minutes: 2 }).startOf('minute');
      const scheduled = await api('POST', apiPaths.invite.liveInterviews, {
        templateId,
        candidateName,
        candidateEmail: 'tahani@example.com',
        startsAt: startsAtBerlin.toFormat("yyyy-MM-dd'T'HH:mm"),
        timeZone: zone,
      });
      expect(scheduled.status).toBe(201);
      const { id, links } = scheduled.body as ScheduleLiveInterviewResponse & { links: LiveLinksResponse };
      interviewId = id;

      const enter = async (role: LiveRole) => {
        const token = links[role]!.path.slice(liveLinkPrefixes[role].length);
        const opened = await eventually(
          () => api('POST', apiPaths.invite.openLiveLink, { token, role }, ''),
          (answer) => answer.status === 200,
          10_000,
          `the ${role} link to open`,
        );
        // the media service prepares the room from the invite events: the join waits for it
        const joined = await eventually(
          () =>
            api(
              'POST',
              apiPaths.media.join,
              role === 'host' ? { displayName: hostName } : { recordingConsent: true },
              opened.body.liveToken,
            ),
          (answer) => answer.status === 200,
          10_000,
          `the ${role} to join`,
        );
        const socket = await SignalClient.open(candor!.url);
        sockets.push(socket);
        socket.send({ type: 'hello', token: joined.body.roomToken });
        await socket.next('welcome');
        return socket;
      };
      const host = await enter('host');
      const candidate = await enter('candidate');
      host.send({ type: 'admit', participantId: 'candidate' });
      await candidate.next('admitted');
      // a short interview: long enough for a whole second of actual duration
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      host.send({ type: 'end' });
      await candidate.next('ended');
    });

    it('is reached from the template’s Invites tab and shows the candidate, details and timeline', async () => {
      await logIn(page, candor!.url, candor!.demo.email, candor!.demo.password);
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      const invites = `${candor!.url}/templates/${templateId}?tab=invites`;
      // the room's end reaches the read model a moment after it happened
      await eventually(
        async () => {
          await page.goto(invites);
          return page.getByTestId('analysis-link').count();
        },
        (count) => count > 0,
        15_000,
        'the analysis link on the Invites tab',
      );
      await hydrated(page);
      await page.getByTestId('analysis-link').filter({ hasText: candidateName }).click();
      await page.waitForURL(`**/interviews/live/${interviewId}`);
      await hydrated(page);
      expect(await page.getByTestId('candidate-name').textContent()).toBe(candidateName);
      expect(await page.getByTestId('candidate-email').textContent()).toBe('tahani@example.com');

      // the player and the playlist say honestly that there is nothing to play
      const recordingRoutes = await api('GET', apiPaths.recording.interviewRecordings(interviewId));
      const mounted = !(
        recordingRoutes.status === 404 && String(recordingRoutes.body?.detail).startsWith('No route for')
      );
      await expectVisible(page.getByTestId(mounted ? 'recordings-empty' : 'recordings-unavailable'));
      await expectVisible(page.getByTestId('player-empty'));
      expect(await page.locator('video').count()).toBe(0);

      await page.getByTestId('tab-details').click();
      await expectVisible(page.getByTestId('interview-details'));
      expect(await page.getByTestId('detail-title').textContent()).toBe(templateName);
      const scheduled = await page.getByTestId('detail-scheduled').textContent();
      expect(scheduled).toBe(`${startsAtBerlin.setLocale('en-GB').toFormat('ccc d LLL yyyy, HH:mm')} (${zone})`);
      expect(await page.getByTestId('detail-interviewers').textContent()).toContain(hostName);
      expect(await page.getByTestId('detail-inviter').textContent()).toMatch(/\S/);
      expect(await page.getByTestId('detail-actual-duration').textContent()).toMatch(/^\d+ s$|min/);

      await page.getByTestId('tab-timeline').click();
      await expectVisible(page.getByTestId('timeline'));
      const kinds = await page
        .getByTestId('timeline-entry')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-kind')));
      expect(kinds).toEqual(['joined', 'consent-given', 'joined', 'admitted', 'ended']);
      const participants = await page.getByTestId('participant').allTextContents();
      expect(participants.join(' ')).toContain(candidateName);
      expect(participants.join(' ')).toContain(hostName);
      expect(await page.getByTestId('timeline').textContent()).toContain(`${hostName} admitted ${candidateName}`);
      await page.screenshot({ path: join(screenshots, 'analysis-timeline.png'), fullPage: true });
    });

    it('takes a score through the form, and shows every score and the average', async () => {
      await page.getByTestId('tab-scores').click();
      await expectVisible(page.getByTestId('score-form'));
      expect(await page.getByTestId('average-score').textContent()).toBe('No scores yet.');
      await page.locator('label.choice', { hasText: '4' }).click();
      await page.getByLabel('Note').fill('Thoughtful answers on pricing.');
      await page.getByRole('button', { name: 'Save my score' }).click();
      await expectVisible(page.getByText('Your score is saved.'));
      expect(await page.getByTestId('average-score').textContent()).toBe('4.0');

      // a colleague, added on the Team page, scores too
      await page.goto(`${candor!.url}/team`);
      await hydrated(page);
      await page.getByLabel('Name').fill('Chidi Anagonye');
      await page.getByLabel('Work email').fill('chidi@example.com');
      await page.getByLabel('First password').fill('a long enough password');
      await page.getByRole('button', { name: 'Add colleague' }).click();
      await expectVisible(page.getByText('Chidi Anagonye (chidi@example.com) can now log in'));

      // the same page sets how long the organisation keeps recordings: 180 days until chosen
      const retention = () => api('GET', apiPaths.recording.retention);
      if ((await retention()).status === 200) {
        expect(await page.getByTestId('retention-current').textContent()).toContain(
          'kept 180 days after they were made (the default)',
        );
        const days = page.getByLabel('Keep recordings for (days)');
        const save = page.getByRole('button', { name: 'Save', exact: true });
        await days.fill('0');
        await save.click();
        await expectVisible(page.getByText('Give a whole number of days, from 1 to 3650.'));
        expect((await retention()).body).toEqual({ days: 180, isDefault: true });
        await days.fill('30');
        await save.click();
        await expectVisible(page.getByText('Recordings are now kept 30 days.'));
        expect((await retention()).body).toEqual({ days: 30, isDefault: false });
        expect(await page.getByTestId('retention-current').textContent()).toContain('kept 30 days after they were made,');
      } else {
        // a composition without the recording service: the section says so
        await expectVisible(page.getByTestId('retention-unavailable'));
      }
      const colleague = await api(
        'POST',
        apiPaths.identity.logIn,
        { email: 'chidi@example.com', password: 'a long enough password' },
        '',
      );
      const scored = await api(
        'POST',
        apiPaths.session.reviewScores(interviewId),
        { score: 5, note: 'Strong' },
        colleague.body.token,
      );
      expect(scored.status).toBe(200);
      await eventually(
        async () => {
          await page.goto(`${candor!.url}/interviews/live/${interviewId}?tab=scores`);
          return page.getByTestId('average-score').textContent();
        },
        (average) => average === '4.5',
        10_000,
        'the average of both scores',
      );
      const scores = await page.getByTestId('reviewer-score').allTextContents();
      expect(scores).toHaveLength(2);
      expect(scores.join(' ')).toContain('Chidi Anagonye');
      expect(scores.join(' ')).toContain('Thoughtful answers on pricing.');
      // the form now holds the recruiter's own score, to update
      await page.getByRole('button', { name: 'Update my score' }).waitFor();
      await page.screenshot({ path: join(screenshots, 'analysis-scores.png'), fullPage: true });

      // the Interviews list leads here too
      await page.goto(`${candor!.url}/interviews`);
      await page.locator(`[data-testid="held-interview"][data-interview-id="${interviewId}"] a`).click();
      await page.waitForURL(`**/interviews/live/${interviewId}`);

      // on a phone every tab fits the screen's width
      await page.setViewportSize({ width: 360, height: 740 });
      for (const tab of ['recordings', 'details', 'timeline', 'scores']) {
        await page.goto(`${candor!.url}/interviews/live/${interviewId}?tab=${tab}`);
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
      }
      await page.screenshot({ path: join(screenshots, 'analysis-scores-360.png'), fullPage: true });
      expect(browserErrors).toEqual([]);
    });
  });
}
