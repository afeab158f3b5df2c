// Declining a live interview, in real browsers (Debian's Chromium) against `npm start`, both ways the
// app offers:
// - the candidate declines from their link, with a note: they see "You declined this interview",
//   the link shows that page from then on (410), the interviewer link says the candidate declined,
//   the template's Invites tab shows the row as Declined with the note and both links refused, and
//   the interviewers' email (in the mailbox) quotes the note with a cancelling .ics;
//   the same works with JavaScript off (a plain form POST);
// - the interviewer declines a candidate from the waiting list: the candidate is told at once, their
//   link shows that page from then on, and the row shows Declined.
// The pages involved pass axe-core's WCAG 2.2 AA checks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import {
  chromiumMissing,
  expectVisible,
  hydrated,
  launchBrowser,
  logIn,
  requireInfra,
  startCandor,
  stopCandor,
  watchForErrors,
  type RunningCandor,
} from './support';
import { eventually, scheduleLiveInterview } from './live-support';
import { violations } from './axe';
import { useExclusive } from '../support/exclusive';

jest.setTimeout(200_000);
// Chromium and peer connections in real time: one such suite at a time
useExclusive();

const note = 'I accepted another offer yesterday. Thank you for your time.';
const candidateDeclinedTitle = 'You declined this interview';

if (chromiumMissing) {
  if (requireInfra) {
    test('Chromium is installed (CANDOR_REQUIRE_INFRA=1)', () => {
      throw new Error(chromiumMissing);
    });
  } else {
    console.warn(`SKIPPED live decline browser e2e: ${chromiumMissing}. Set CANDOR_REQUIRE_INFRA=1 to make this a failure.`);
    test.skip(`declining a live interview (${chromiumMissing})`, () => undefined);
  }
} else {
  describe('declining a live interview', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'candor-e2e-decline-'));
    const profiles = [0, 1, 2].map((n) => mkdtempSync(join(tmpdir(), `candor-e2e-decline-browser-${n}-`)));
    const suffix = Date.now().toString(36);
    let candor: RunningCandor | undefined;
    const contexts: BrowserContext[] = [];
    let recruiter: Page;
    let candidate: Page;
    const browserErrors: string[] = [];

    beforeAll(async () => {
      candor = await startCandor(dataDir);
      contexts.push(await launchBrowser(profiles[0]!));
      contexts.push(await launchBrowser(profiles[1]!, { width: 390, height: 844 }));
      recruiter = contexts[0]!.pages()[0] ?? (await contexts[0]!.newPage());
      candidate = contexts[1]!.pages()[0] ?? (await contexts[1]!.newPage());
      watchForErrors(candidate, browserErrors);
      await logIn(recruiter, candor.url, candor.demo.email, candor.demo.password);
      await recruiter.waitForURL(`${candor.url}/jobs`);
    }, 200_000);

    afterAll(async () => {
      for (const context of contexts) await context.close();
      if (candor) await stopCandor(candor).catch(() => undefined);
      for (const dir of [...profiles, dataDir, `${dataDir}-secrets`]) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    /** The template's Invites tab, reloaded until the row of `candidateName` shows `status`. */
    async function rowOnInvites(templateName: string, candidateName: string, status: string) {
      await recruiter.goto(`${candor!.url}/templates`);
      await recruiter.getByRole('link', { name: templateName, exact: true }).click();
      await recruiter.getByRole('navigation', { name: 'Template sections' }).getByRole('link', { name: 'Invites' }).click();
      await recruiter.waitForURL(/tab=invites/);
      const row = recruiter.getByTestId('interview-row').filter({ hasText: candidateName });
      await eventually(
        async () => {
          await recruiter.reload();
          return row
            .getByTestId('live-status')
            .textContent({ timeout: 2_000 })
            .catch(() => null);
        },
        (shown) => shown === status,
        20_000,
        `the row of ${candidateName} to show ${status}`,
      );
      return row;
    }

    /** An interviewer opens the host link, gives a name, passes the device check and enters the room. */
    async function joinAsHost(host: Page, hostPath: string, name: string): Promise<void> {
      expect((await host.goto(candor!.url + hostPath))?.status()).toBe(200);
      await hydrated(host);
      await host.getByLabel('Your name').fill(name);
      await host.getByRole('button', { name: 'Continue' }).click();
      const join = host.getByRole('button', { name: 'Join the interview' });
      await eventually(() => join.isEnabled(), Boolean, 10_000, 'the devices to be ready');
      await join.click();
      await expectVisible(host.getByText('Nobody is waiting.'));
    }

    /** Ignores the console's "status of 410/403" of a refused link page loaded on purpose since `from`. */
    function forgiveRefusedPageStatus(from: number): void {
      const since = browserErrors.splice(from);
      browserErrors.push(...since.filter((message) => !/status of 4(10|03)/.test(message)));
    }

    it('the candidate declines from their link with a note: a clear page, from then on too', async () => {
      const templateName = `Declinable ${suffix}`;
      const links = await scheduleLiveInterview(candor!.url, candor!.demo, {
        templateName,
        candidateName: 'Dana Declines',
        minutesAhead: 60,
      });
      // an interviewer already waits in the room
      const waiting = await contexts[0]!.newPage();
      await joinAsHost(waiting, links.hostPath, 'Early Interviewer');

      expect((await candidate.goto(candor!.url + links.candidatePath))?.status()).toBe(200);
      await hydrated(candidate);
      await candidate.getByText('Can’t attend? Decline this interview').click();
      const noteField = candidate.getByLabel('A note for the recruiter (optional)');
      await expectVisible(noteField);
      expect(await violations(candidate)).toEqual([]);

      await noteField.fill(note);
      await candidate.getByRole('button', { name: 'Decline the interview' }).click();
      await expectVisible(candidate.getByRole('heading', { name: candidateDeclinedTitle }));
      await expectVisible(candidate.getByText('The recruiter has been told.', { exact: false }));
      expect(await violations(candidate)).toEqual([]);

      // the interviewer in the room is told at once, in those words
      await expectVisible(waiting.getByRole('heading', { name: 'The candidate declined this interview' }));
      await waiting.close();

      // the link shows the same page from now on
      const before = browserErrors.length;
      const again = await candidate.goto(candor!.url + links.candidatePath);
      expect(again?.status()).toBe(410);
      await expectVisible(candidate.getByRole('heading', { name: candidateDeclinedTitle }));
      expect(await candidate.getByRole('button', { name: 'Test camera and microphone' }).count()).toBe(0);
      forgiveRefusedPageStatus(before);

      // and the interviewer link says why there is no interview
      const host = await contexts[0]!.newPage();
      expect((await host.goto(candor!.url + links.hostPath))?.status()).toBe(410);
      await expectVisible(host.getByRole('heading', { name: 'The candidate declined this interview' }));
      await host.close();

      const row = await rowOnInvites(templateName, 'Dana Declines', 'Declined');
      // quoted by a <q> (its quotation marks are the browser's, not text)
      expect(await row.getByTestId('decline-note').innerText()).toBe(`The candidate declined: ${note}`);
      expect(await row.getByTestId('decline-note').locator('q').innerText()).toBe(note);
      expect(await row.getByTestId('candidate-link-state').getAttribute('data-state')).toBe('declined');
      expect(await row.getByTestId('host-link-state').getAttribute('data-state')).toBe('declined');
      expect(await violations(recruiter)).toEqual([]);
      // nothing is left to change: no menu of disabled items (copy, revoke, reschedule, cancel), a note instead
      expect(await row.locator('details.menu').count()).toBe(0);
      expect(await row.getByRole('button').count()).toBe(0);
      expect(await row.getByTestId('no-actions').innerText()).toBe('Nothing left to change');
      // it is over: listed under past interviews
      const past = recruiter.locator('section.group').filter({ has: recruiter.getByRole('heading', { name: /^Past/ }) });
      await expectVisible(past.getByTestId('interview-row').filter({ hasText: 'Dana Declines' }));

      // the interviewers (here the demo recruiter who scheduled it) are emailed the note, and the
      // calendar entry is cancelled
      await recruiter.goto(`${candor!.url}/mailbox`);
      const email = recruiter.locator('li.message').filter({ hasText: 'Declined: interview with Dana Declines' });
      await eventually(
        async () => {
          await recruiter.reload();
          return email.count();
        },
        (count) => count > 0,
        20_000,
        'the decline email',
      );
      expect(await email.count()).toBe(1);
      // the body sits in a closed disclosure: read it rather than look at it
      expect(await email.textContent()).toContain(`Dana Declines wrote:\n  ${note}`);
      await expectVisible(email.getByText('cancels the event'));
    });

    it('declines without JavaScript too, with no note', async () => {
      const templateName = `Declinable without script ${suffix}`;
      const links = await scheduleLiveInterview(candor!.url, candor!.demo, {
        templateName,
        candidateName: 'Sam Noscript',
        minutesAhead: 60,
      });
      contexts.push(await launchBrowser(profiles[2]!, { width: 390, height: 844 }, [], { javaScriptEnabled: false }));
      const plain = contexts[2]!.pages()[0] ?? (await contexts[2]!.newPage());
      expect((await plain.goto(candor!.url + links.candidatePath))?.status()).toBe(200);
      await plain.getByText('Can’t attend? Decline this interview').click();
      await plain.getByRole('button', { name: 'Decline the interview' }).click();
      await expectVisible(plain.getByRole('heading', { name: candidateDeclinedTitle }));

      const row = await rowOnInvites(templateName, 'Sam Noscript', 'Declined');
      expect(await row.getByTestId('decline-note').innerText()).toBe('The candidate declined, without a note.');
    });

    it('the interviewer declines a waiting candidate: told at once, the link says so, the row shows Declined', async () => {
      const templateName = `Host declines ${suffix}`;
      const candidateName = 'Wes Waiting';
      const links = await scheduleLiveInterview(candor!.url, candor!.demo, { templateName, candidateName, minutesAhead: 5 });

      const host = await contexts[0]!.newPage();
      await joinAsHost(host, links.hostPath, 'Hana Host');

      expect((await candidate.goto(candor!.url + links.candidatePath))?.status()).toBe(200);
      await hydrated(candidate);
      await candidate.getByRole('button', { name: 'Test camera and microphone' }).click();
      await expectVisible(candidate.getByTestId('camera-preview'));
      await candidate.getByRole('button', { name: 'Continue', exact: true }).click();
      await candidate.getByLabel(/I agree to the interview being recorded/).check();
      await candidate.getByRole('button', { name: 'Continue to the waiting room' }).click();
      await expectVisible(candidate.getByRole('heading', { name: 'The interviewer will let you in' }));

      await host.getByRole('button', { name: `Decline ${candidateName}` }).click();
      await expectVisible(candidate.getByRole('heading', { name: 'The interviewer did not let you in' }));
      await expectVisible(host.getByText('Nobody is waiting.'));
      expect(await violations(candidate)).toEqual([]);

      const before = browserErrors.length;
      const again = await candidate.goto(candor!.url + links.candidatePath);
      expect(again?.status()).toBe(403);
      await expectVisible(candidate.getByRole('heading', { name: 'The interviewer did not let you in' }));
      forgiveRefusedPageStatus(before);
      await host.close();

      const row = await rowOnInvites(templateName, candidateName, 'Declined');
      expect(await row.getByTestId('candidate-link-state').getAttribute('data-state')).toBe('declined');
      // the interviewers' link still opens the room; no note: the candidate did not decline
      expect(await row.getByTestId('host-link-state').getAttribute('data-state')).toBe('active');
      expect(await row.getByTestId('decline-note').count()).toBe(0);
    });

    it('no script or console errors on the candidate’s pages', () => {
      expect(browserErrors).toEqual([]);
    });
  });
}
