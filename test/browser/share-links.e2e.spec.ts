// Share links in a real browser (Debian's Chromium) against `npm start`. The interviewer records two
// segments of a live interview in the room (the real pipeline: Chromium's fake camera, the SFU, the
// recorder's ffmpeg, the composite, the store), ends it, and the demo recruiter makes a Quick Share
// link on the Interview Analysis page with the defaults it set on the settings page (and, as the
// organisation's founder, its admin, the ceilings) and copies it (read back from the clipboard), then
// a custom link from the "Create new link" dialog (which starts from those defaults) with the name
// hidden and only two fields on. A fresh browser opens the custom link: the
// playlist plays (the video's time moves on), only those two fields appear, the candidate's name is
// nowhere in the DOM or in any response the page loaded (playback included); the Share tab shows
// 1 / 3 after the view and one entry in its viewing log ("Chrome on Linux"), still 1 / 3 after the
// viewer reloads, and a link preview's plain GET (no JavaScript) counts nothing. Editing the toggles shows on the viewer's next load; Delete while the
// viewer plays makes its next fetch fail (403) and the page say "revoked", and a reload is a 410.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Response as PageResponse } from 'playwright-core';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  apiPaths,
  sharingPaths,
  type CommandResult,
  type LiveLinksResponse,
  type RecordingListResponse,
  type SessionResponse,
} from '@candor/contracts';
import {
  chromiumMissing,
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
import { eventually, videoPlays } from './live-support';
import { violations } from './axe';
import { request } from '../support/http';
import { useExclusive } from '../support/exclusive';

jest.setTimeout(300_000);
useExclusive();

const candidateName = 'Grace Brewster Hopper';
const toggleLabels = [
  'Interview title',
  'Inviter details',
  'Scheduled date and time',
  'Duration',
  'Interviewer names',
  'Average reviewer score',
];
/** every content toggle with whether it should be on: only these */
const toggles = (on: string[]) => toggleLabels.map((label) => [label, on.includes(label)] as const);

if (chromiumMissing) {
  if (requireInfra) {
    test('Chromium is installed (CANDOR_REQUIRE_INFRA=1)', () => {
      throw new Error(chromiumMissing);
    });
  } else {
    console.warn(
      `SKIPPED share links browser e2e: ${chromiumMissing}. Set CANDOR_REQUIRE_INFRA=1 to make this a failure.`,
    );
    test.skip(`share links (${chromiumMissing})`, () => undefined);
  }
} else {
  describe('share links in the browser', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'candor-e2e-share-'));
    const profiles = [
      mkdtempSync(join(tmpdir(), 'candor-e2e-share-recruiter-')),
      mkdtempSync(join(tmpdir(), 'candor-e2e-share-viewer-')),
    ];
    let candor: RunningCandor | undefined;
    let recruiter: BrowserContext | undefined;
    let viewerContext: BrowserContext | undefined;
    let page: Page;
    let viewer: Page;
    const browserErrors: string[] = [];
    let token: string;
    let interviewId: string;
    let customUrl: string;
    let candidatePath: string;

    beforeAll(async () => {
      mkdirSync(screenshots, { recursive: true });
      candor = await startCandor(dataDir);
      recruiter = await launchBrowser(profiles[0]!);
      await recruiter.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: candor.url });
      page = recruiter.pages()[0] ?? (await recruiter.newPage());
      watchForErrors(page, browserErrors);
    }, 240_000);

    afterAll(async () => {
      await viewerContext?.close();
      await recruiter?.close();
      if (candor) await stopCandor(candor).catch(() => undefined);
      for (const dir of [...profiles, dataDir]) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    const api = (method: string, path: string, body?: unknown, bearer = token) =>
      request(candor!.url, method, path, { token: bearer, body });
    const clicksOf = async (name: string) => {
      await page.goto(`${candor!.url}/interviews/live/${interviewId}?tab=share`);
      return (
        await page.locator(`[data-testid="share-row"][data-name="${name}"] [data-testid="share-clicks"]`).textContent()
      )?.trim();
    };

    it('the interviewer records two segments of the live interview and ends it', async () => {
      const login = await api('POST', apiPaths.identity.logIn, candor!.demo, '');
      token = (login.body as SessionResponse).token;
      const template = await api('POST', apiPaths.invite.liveTemplates, {
        name: 'Senior Backend Interview',
        durationMinutes: 45,
        recordable: true,
        defaultInterviewers: [{ name: 'Bob Interviewer', email: 'bob@example.com' }],
      });
      // inside the waiting room's 15 minutes, so the room opens now
      const startsAt = new Date(Date.now() + 5 * 60_000).toISOString().slice(0, 16);
      const scheduled = await api('POST', apiPaths.invite.liveInterviews, {
        templateId: (template.body as CommandResult).id,
        candidateName,
        candidateEmail: 'grace@example.com',
        startsAt,
        timeZone: 'UTC',
      });
      expect(scheduled.status).toBe(201);
      interviewId = (scheduled.body as CommandResult).id;
      const links = (await api('GET', apiPaths.invite.liveLinks(interviewId))).body as LiveLinksResponse;
      candidatePath = links.candidate!.path;

      // the room is the live suites' to check; its page's errors (Chromium's ERR_NETWORK_CHANGED
      // while WebRTC brings interfaces up) are not this suite's concern
      const host = await recruiter!.newPage();
      await host.goto(candor!.url + links.host!.path);
      await hydrated(host);
      await host.getByLabel('Your name').fill('Hana Host');
      await host.getByRole('button', { name: 'Continue' }).click();
      await host.getByTestId('camera-preview').waitFor();
      const join = host.getByRole('button', { name: 'Join the interview' });
      await eventually(() => join.isEnabled(), Boolean, 10_000, 'the devices to be ready');
      await join.click();
      await host.getByTestId('room').waitFor();
      await sleep(1_500);
      // the first segment long enough to be playing while the link is deleted, the second short
      for (const seconds of [9, 3]) {
        await host.getByRole('button', { name: 'Start recording' }).click();
        await sleep(seconds * 1_000);
        await host.getByRole('button', { name: 'Stop recording' }).click();
        await sleep(1_000);
      }
      await host.getByRole('button', { name: 'End interview for everyone' }).click();
      await host
        .getByRole('dialog', { name: 'End the interview for everyone?' })
        .getByRole('button', { name: 'End interview' })
        .click();
      await host.close();
      const ready = await eventually(
        async () =>
          ((await api('GET', apiPaths.recording.interviewRecordings(interviewId))).body as RecordingListResponse)
            .recordings,
        (recordings) => recordings.length === 2 && recordings.every((r) => r.status !== 'recording' && r.status !== 'processing'),
        180_000,
        'two processed segments',
      );
      expect(ready.map((r) => r.status)).toEqual(['ready', 'ready']);
    });

    it('Quick Share makes a link ready to copy', async () => {
      // the sharing service follows the interview a moment later: until then it does not know it
      // (404); once it does, a link beyond the ceilings is refused (400) and nothing is written
      await eventually(
        () => api('POST', sharingPaths.interviewLinks(interviewId), { name: 'probe', maxViews: 1_000_000 }),
        (answer) => answer.status === 400,
        10_000,
        'the sharing service to follow the interview',
      );

      await logIn(page, candor!.url, candor!.demo.email, candor!.demo.password);
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      // the organisation's defaults, on the settings page: what Quick Share makes
      await page.goto(`${candor!.url}/settings/sharing`);
      await hydrated(page);
      const defaults = page.getByTestId('share-defaults-form');
      await defaults.getByLabel('Max views').fill('4');
      await defaults.getByLabel('Hidden').check();
      for (const [label, on] of toggles(['Interview title', 'Duration'])) await defaults.getByLabel(label).setChecked(on);
      await defaults.getByRole('button', { name: 'Save defaults' }).click();
      await page.getByTestId('settings-saved').waitFor();
      // the demo recruiter founded the organisation: its admin, offered the ceilings
      const ceilings = page.getByTestId('share-ceilings-form');
      await ceilings.getByLabel('Most views').fill('40');
      await ceilings.getByRole('button', { name: 'Save ceilings' }).click();
      await page.getByText('The ceilings are saved.').waitFor();
      expect(await violations(page)).toEqual([]);
      expect((await api('GET', sharingPaths.settings)).body).toMatchObject({
        defaults: { maxViews: 4, nameVisibility: 'hidden', content: { interviewTitle: true, duration: true, scheduledAt: false } },
        ceilings: { maxViews: 40 },
        canSetCeilings: true,
      });

      await page.goto(`${candor!.url}/interviews/live/${interviewId}`);
      await hydrated(page);
      await page.getByTestId('quick-share').click();
      await page.waitForURL(/tab=share/);
      const created = page.getByTestId('share-created');
      // the link's field (a wrapping textarea, so the whole link shows)
      const quickUrl = await created.getByRole('textbox').inputValue();
      expect(quickUrl).toMatch(new RegExp(`^${candor!.url}/s/[a-z0-9]+\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}$`));
      await hydrated(page);
      await created.getByRole('button', { name: 'Copy link', exact: true }).click();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(quickUrl);
      await expect(page.getByTestId('share-row').first().getByTestId('share-clicks').textContent()).resolves.toMatch(
        /0 \/ 4/,
      );
      // the row's link in the same words as everywhere: a labelled field and "Copy link"
      const row = page.getByTestId('share-row').first();
      expect(await row.getByLabel(/^Share link “.+”$/).inputValue()).toBe(quickUrl);
      await row.getByRole('button', { name: 'Copy link', exact: true }).click();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(quickUrl);
    });

    it('caps a link at the recordings’ deletion date, and the dialog says when that is', async () => {
      // the organisation keeps recordings 2 days: no link may outlive them (the ceiling allows 30)
      expect((await api('PUT', apiPaths.recording.retention, { days: 2 })).status).toBe(200);
      const { recordings } = (await api('GET', apiPaths.recording.interviewRecordings(interviewId)))
        .body as RecordingListResponse;
      const lastDeletion = Math.max(...recordings.map((r) => Date.parse(r.deleteAfter!)));
      const day = new Date(lastDeletion).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      });
      await page.goto(`${candor!.url}/interviews/live/${interviewId}?tab=share&create=1`);
      await expect(page.getByTestId('share-retention-cap').textContent()).resolves.toContain(day);
      // sharing follows the retention through the bus: a link asked for 20 days expires that day
      await eventually(
        async () => {
          const made = await api('POST', sharingPaths.interviewLinks(interviewId), { name: 'Long review', expiryDays: 20 });
          const listed = await api('GET', `${sharingPaths.interviewLinks(interviewId)}?waitFor=${made.body.waitFor}`);
          return (listed.body.links as { id: string; expiresAt: string }[]).find((l) => l.id === made.body.id)?.expiresAt;
        },
        (expiresAt) => expiresAt !== undefined && Date.parse(expiresAt) === lastDeletion,
        10_000,
        'the link capped at the deletion date',
      );
      await page.reload();
      await expect(
        page.locator('[data-testid="share-row"][data-name="Long review"] [data-testid="share-expires"]').first().textContent(),
      ).resolves.toBe(day);
    });

    it('makes a custom link with the name hidden and two fields on; the viewer sees only those', async () => {
      await page.goto(`${candor!.url}/interviews/live/${interviewId}?tab=share`);
      await hydrated(page);
      await page.getByTestId('share-create-open').click();
      const form = page.getByTestId('share-create-form');
      // the dialog starts from the organisation's defaults, every recording in the playlist
      await expect(form.getByLabel('Max views').inputValue()).resolves.toBe('4');
      await expect(form.getByLabel('Hidden').isChecked()).resolves.toBe(true);
      await expect(form.getByLabel('Interview title').isChecked()).resolves.toBe(true);
      await expect(form.getByLabel('Recording 2').isChecked()).resolves.toBe(true);
      // the Share tab with its dialog open, the ⋯ menus and the viewing log: WCAG 2.2 AA
      expect(await violations(page)).toEqual([]);
      await form.getByLabel('Link name').fill('Client review');
      for (const [label, on] of toggles(['Duration', 'Interviewer names'])) await form.getByLabel(label).setChecked(on);
      await form.getByLabel('Max views').fill('3');
      await form.getByTestId('share-create').click();
      await page.waitForURL(/created=/);
      customUrl = await page.getByTestId('share-created').getByRole('textbox').inputValue();

      viewerContext = await launchBrowser(profiles[1]!);
      viewer = viewerContext.pages()[0] ?? (await viewerContext.newPage());
      watchForErrors(viewer, browserErrors);
      const bodies: string[] = [];
      viewer.on('response', (response: PageResponse) => {
        void response.text().then(
          (text) => bodies.push(text),
          () => undefined,
        );
      });
      const opened = await viewer.goto(customUrl);
      expect(opened!.headers()['referrer-policy']).toBe('no-referrer');
      expect(opened!.headers()['cache-control']).toBe('no-store');
      expect(opened!.headers()['x-robots-tag']).toMatch(/noindex/);
      await viewer.getByTestId('share-viewer').waitFor();
      // a clean page: none of the dashboard's navigation
      expect(await viewer.locator('nav, aside, a[href="/jobs"]').count()).toBe(0);
      await expect(viewer.getByTestId('share-duration').textContent()).resolves.toBe('45 min');
      await expect(viewer.getByTestId('share-interviewers').textContent()).resolves.toMatch(/Bob Interviewer/);
      expect(await viewer.getByTestId('share-candidate').count()).toBe(0);
      expect(await viewer.getByTestId('share-inviter').count()).toBe(0);
      expect(await viewer.getByTestId('share-score').count()).toBe(0);
      expect(await viewer.title()).toBe('Shared interview');
      // the playlist: both recordings, the first on its signed URL; it plays
      await expect(viewer.getByTestId('share-playlist').getByRole('listitem').count()).resolves.toBe(2);
      const player = viewer.getByTestId('share-player');
      await player.waitFor();
      expect(await player.getAttribute('src')).toMatch(/^\/api\/recording\/playback\/[0-9a-f-]{36}\?token=/);
      await viewer.getByTestId('share-playlist').getByRole('button').first().click();
      await eventually(() => videoPlays(viewer, '[data-testid="share-player"]'), Boolean, 15_000, 'the recording to play');
      await viewer.screenshot({ path: join(screenshots, 'share-viewer.png'), fullPage: true });
      const dom = await viewer.content();
      for (const part of candidateName.split(' ')) expect(dom).not.toContain(part);
      expect(dom).not.toContain('Senior Backend Interview');
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (const body of bodies) for (const part of candidateName.split(' ')) expect(body).not.toContain(part);
      expect(bodies.join('\n')).not.toMatch(/@example\.com/);
    });

    it('counts one view for the viewer, none for a reload in the same session, none for a link preview', async () => {
      // the overview is a read model: it follows the view a moment after it was granted
      await eventually(
        () => clicksOf('Client review'),
        (clicks) => clicks === '1 / 3',
        10_000,
        'the view to be counted',
      );
      // the viewing log on the Share tab: when, which link, a coarse user agent, no address
      const log = page.getByTestId('share-viewing-log');
      const views = log.locator('[data-testid="share-view"][data-link="Client review"]');
      await expect(views.count()).resolves.toBe(1);
      await expect(views.getByTestId('share-view-agent').textContent()).resolves.toBe('Chrome on Linux');
      expect(await log.textContent()).not.toMatch(/127\.0\.0\.1|HeadlessChrome|Mozilla/);
      await viewer.reload();
      await viewer.getByTestId('share-viewer').waitFor();
      const preview = await fetch(customUrl, { headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0' } });
      expect(preview.status).toBe(200);
      expect(await preview.text()).not.toContain('Bob Interviewer');
      // a counted view would reach the overview within this wait, as the first one did
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await clicksOf('Client review')).toBe('1 / 3');
      await expect(
        page.locator('[data-testid="share-view"][data-link="Client review"]').count(),
      ).resolves.toBe(1);
    });

    it('editing the toggles shows on the viewer’s next load; Delete makes it say revoked', async () => {
      await page.goto(`${candor!.url}/interviews/live/${interviewId}?tab=share`);
      await hydrated(page);
      const row = page.locator('[data-testid="share-row"][data-name="Client review"]');
      await row.getByTestId('share-actions').click();
      await row.getByTestId('share-edit').click();
      const edit = page.getByTestId('share-edit-form');
      await edit.getByLabel('Interviewer names').uncheck();
      await edit.getByLabel('Average reviewer score').check();
      await edit.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/done=share-edited/);
      expect(page.url()).toContain('tab=share');

      await viewer.reload();
      await viewer.getByTestId('share-viewer').waitFor();
      await expect(viewer.getByTestId('share-score').textContent()).resolves.toBe('Not scored yet');
      expect(await viewer.getByTestId('share-interviewers').count()).toBe(0);

      // the viewer plays the first recording while the recruiter deletes the link
      const refusedFetches: number[] = [];
      viewer.on('response', (response: PageResponse) => {
        if (response.url().includes('/api/recording/playback/') && response.status() === 403)
          refusedFetches.push(response.status());
      });
      await viewer.getByTestId('share-playlist').getByRole('button').first().click();
      await eventually(() => videoPlays(viewer, '[data-testid="share-player"]'), Boolean, 15_000, 'the recording to play');
      await hydrated(page);
      await row.getByTestId('share-actions').click();
      await row.getByTestId('share-delete').click();
      await page.waitForURL(/done=share-deleted/);
      // its next fetch: the other recording of the playlist (whichever is not playing)
      await viewer.getByTestId('share-playlist').locator('button:not([aria-current])').click();
      await expect(viewer.getByTestId('share-problem').textContent()).resolves.toMatch(/This share link was revoked/);
      expect(refusedFetches.length).toBeGreaterThan(0);
      await expect(
        page.locator('[data-testid="share-row"][data-name="Client review"] [data-testid="share-status"]').textContent(),
      ).resolves.toBe('Revoked');
      const reloaded = await viewer.reload();
      expect(reloaded!.status()).toBe(410);
      await expect(viewer.getByTestId('share-problem').textContent()).resolves.toMatch(/This share link was revoked/);
    });

    it('the candidate, from their own link after the interview, sees it was shared and viewed — not who', async () => {
      const candidate = await viewerContext!.newPage();
      const ended = await candidate.goto(candor!.url + candidatePath);
      expect(ended!.status()).toBe(410);
      await expect(candidate.getByTestId('live-outcome').locator('h1').textContent()).resolves.toMatch(/has ended/);
      const shares = candidate.getByTestId('candidate-shares');
      const said = (await shares.textContent())!.replace(/\s+/g, ' ');
      // the links made (Quick Share, the 'Long review' attempts, Client review), one view (Client review's)
      const listed = (await api('GET', sharingPaths.interviewLinks(interviewId))).body.links as { views: number }[];
      expect(said).toContain(`(${listed.length} links)`);
      expect(said).toContain('viewed 1 time:');
      await expect(shares.getByRole('listitem').count()).resolves.toBe(1);
      expect(said).not.toMatch(/Client review|Long review|Quick share|Chrome|Linux/);
      await candidate.close();
      expect(browserErrors.filter((error) => !/status of (410|403)/.test(error))).toEqual([]);
    });

    it('a used-up link, a forged and an unknown one each get their own page (410, 404, 404), never a 500', async () => {
      const once = await api('POST', sharingPaths.interviewLinks(interviewId), { name: 'Once', maxViews: 1 });
      expect(once.status).toBe(201);
      const url = candor!.url + (once.body.path as string);
      // its one view, as the loaded viewer page's script asks it
      const viewed = await fetch(`${url}/view`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(viewed.status).toBe(200);
      const problemOf = async (target: string) => {
        const answer = await fetch(target);
        const html = await answer.text();
        const section = /<section[^>]*data-testid="share-problem"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
        return { status: answer.status, section, headers: answer.headers };
      };
      const usedUp = await problemOf(url);
      expect([usedUp.status, usedUp.section]).toEqual([410, expect.stringContaining('This share link has been used up')]);
      expect(usedUp.headers.get('referrer-policy')).toBe('no-referrer');
      const [kid, subject, mac] = (once.body.path as string).slice('/s/'.length).split('.') as [string, string, string];
      const forged = await problemOf(`${candor!.url}/s/${kid}.${subject}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`);
      const unknown = await problemOf(`${candor!.url}/s/${kid}.${'A'.repeat(22)}.${'B'.repeat(43)}`);
      expect([forged.status, unknown.status]).toEqual([404, 404]);
      expect(forged.section).toContain('This share link is not valid');
      // the same page for a forged token as for one that never existed: nothing tells them apart
      expect(forged.section).toBe(unknown.section);
    });
  });
}
