// The recruiter's first hour with invites, in a real browser against `npm start` (embedded mode, no
// SMTP): a double click on Generate Invite makes one invite (with and without JavaScript: the form's
// idempotency key), a reload of the result page shows the result without the "send it yourself"
// dialog, the whole link is visible at 1280×800, a second invite of a candidate with an open invite
// warns and shows the existing link until "Invite again", the QR card keeps the name's letters,
// and an interview not yet done can have its link's expiry set, shown and revoked.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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
  screenshots,
  startCandor,
  stopCandor,
  watchForErrors,
  type RunningCandor,
} from './support';
import { useExclusive } from '../support/exclusive';

jest.setTimeout(120_000);
useExclusive();

if (chromiumMissing) {
  if (requireInfra) {
    test('Chromium is installed (CANDOR_REQUIRE_INFRA=1)', () => {
      throw new Error(chromiumMissing);
    });
  } else {
    console.warn(`SKIPPED invites browser e2e: ${chromiumMissing}. Set CANDOR_REQUIRE_INFRA=1 to make this a failure.`);
    test.skip(`invites in a browser (${chromiumMissing})`, () => undefined);
  }
} else {
  describe('inviting candidates in a real browser', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'candor-e2e-invites-'));
    const profile = mkdtempSync(join(tmpdir(), 'candor-e2e-invites-js-'));
    const noScriptProfile = mkdtempSync(join(tmpdir(), 'candor-e2e-invites-nojs-'));
    let candor: RunningCandor | undefined;
    let context: BrowserContext | undefined;
    let noScript: BrowserContext | undefined;
    let page: Page;
    const browserErrors: string[] = [];
    const title = `Platform engineer ${Date.now().toString(36)}`;
    const email = (name: string) => `${name}.${Date.now().toString(36)}@example.com`;

    beforeAll(async () => {
      mkdirSync(screenshots, { recursive: true });
      candor = await startCandor(dataDir);
      context = await launchBrowser(profile);
      page = context.pages()[0] ?? (await context.newPage());
      watchForErrors(page, browserErrors);
      await logIn(page, candor.url, candor.demo.email, candor.demo.password);
      await page.waitForURL(`${candor.url}/jobs`);
      await page.getByRole('link', { name: 'New job' }).click();
      await hydrated(page);
      await page.getByLabel('Job title').fill(title);
      await page.getByLabel('Question 1', { exact: true }).fill('What did you build last year?');
      await page.getByRole('button', { name: 'Create job' }).click();
      await page.waitForURL(/\/jobs\?waitFor=/);
    }, 200_000);

    afterAll(async () => {
      await context?.close();
      await noScript?.close();
      if (candor) await stopCandor(candor).catch(() => undefined);
      for (const dir of [profile, noScriptProfile, dataDir]) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    async function fillInvite(on: Page, candidateEmail: string, candidateName = 'Jan Łukasiewicz') {
      await on.goto(`${candor!.url}/invite`);
      await on.getByLabel('Job / Role').selectOption({ label: title });
      await on.getByLabel('Candidate name').fill(candidateName);
      await on.getByLabel('Candidate email').fill(candidateEmail);
    }

    /** The rows of the Interviews list for one email, once `expected` of them are there. */
    async function interviewRows(candidateEmail: string, expected: number): Promise<number> {
      const list = await context!.newPage();
      try {
        for (let tries = 0; ; tries++) {
          await list.goto(`${candor!.url}/interviews?q=${encodeURIComponent(candidateEmail)}`);
          const rows = await list.locator('tbody tr').count();
          if (rows >= expected || tries > 40) return rows;
          await list.waitForTimeout(250);
        }
      } finally {
        await list.close();
      }
    }

    const dialog = () => page.getByRole('dialog', { name: 'Send this link yourself' });

    it('a double click on Generate Invite makes one invite; a reload shows the result without the dialog', async () => {
      const candidateEmail = email('double');
      // another candidate with an open invite to the job, for the "Invite again" check below
      const other = email('other');
      await fillInvite(page, other);
      await hydrated(page);
      await page.getByRole('button', { name: 'Generate Invite' }).click();
      await dialog().getByRole('button', { name: 'Close' }).click();

      await fillInvite(page, candidateEmail);
      await hydrated(page);
      await page.getByRole('button', { name: 'Generate Invite' }).dblclick();
      await expectVisible(dialog());
      const link = await dialog().getByLabel('Candidate link').inputValue();
      // what only the first view does is not in the URL
      expect(page.url()).toMatch(/\/invite\?invite=[0-9a-f-]{36}$/);
      await dialog().getByRole('button', { name: 'Close' }).click();

      await page.reload();
      await hydrated(page);
      expect(await page.getByTestId('interview-url').inputValue()).toBe(link);
      expect(await dialog().count()).toBe(0);

      // a deliberate second invite (below) comes after: had the double click made two, there would be three
      await fillInvite(page, candidateEmail);
      await hydrated(page);
      await page.getByRole('button', { name: 'Generate Invite' }).click();
      const warning = page.getByTestId('open-invite');
      await expectVisible(warning);
      await expectVisible(warning.getByText(`${candidateEmail} already has an open invite to this job`));
      expect(await warning.getByLabel('Candidate link').inputValue()).toBe(link);
      expect(await page.getByRole('button', { name: 'Generate Invite' }).count()).toBe(0);
      await page.screenshot({ path: join(screenshots, 'invite-open-invite-warning.png'), fullPage: true });
      // "Invite again" is for the address it was offered for: typed over with another, it is not
      await page.getByLabel('Candidate email').fill(other);
      await warning.getByRole('button', { name: 'Invite again' }).click();
      await expectVisible(warning.getByText(`${other} already has an open invite to this job`));
      await page.getByLabel('Candidate email').fill(candidateEmail);
      await warning.getByRole('button', { name: 'Invite again' }).click();
      await expectVisible(warning.getByText(`${candidateEmail} already has an open invite to this job`));
      await warning.getByRole('button', { name: 'Invite again' }).click();
      await expectVisible(dialog());
      const second = await dialog().getByLabel('Candidate link').inputValue();
      expect(second).not.toBe(link);
      await dialog().getByRole('button', { name: 'Close' }).click();
      expect(await interviewRows(candidateEmail, 2)).toBe(2);
      expect(await interviewRows(other, 1)).toBe(1);
    });

    it('two submissions of one rendered form (enhanced, at once) answer the same invite', async () => {
      await fillInvite(page, email('twice'));
      await hydrated(page);
      // what use:enhance sends, twice at once, from the same rendered form (its hidden key included)
      const answers = (await page.evaluate(`(() => {
        const form = document.querySelector('form[action="?/create"]');
        const send = () =>
          fetch(form.action, { method: 'POST', body: new FormData(form), headers: { 'x-sveltekit-action': 'true' } })
            .then((response) => response.json());
        return Promise.all([send(), send()]);
      })()`)) as { type: string; location?: string }[];
      expect(answers.map((answer) => answer.type)).toEqual(['redirect', 'redirect']);
      expect(answers[0]!.location).toMatch(/^\/invite\?invite=[0-9a-f-]{36}$/);
      expect(answers[1]!.location).toBe(answers[0]!.location);
    });

    it('without JavaScript, a double click and a resubmission of the same form make one invite', async () => {
      noScript = await launchBrowser(noScriptProfile, undefined, [], { javaScriptEnabled: false });
      const plain = noScript.pages()[0] ?? (await noScript.newPage());
      await plain.goto(`${candor!.url}/login`);
      await plain.getByLabel('Email').fill(candor!.demo.email);
      await plain.getByLabel('Password').fill(candor!.demo.password);
      await plain.getByRole('button', { name: 'Log in' }).click();
      await plain.waitForURL(`${candor!.url}/jobs`);
      const candidateEmail = email('nojs');
      await fillInvite(plain, candidateEmail);
      const posts: { url: string; body: string; type: string }[] = [];
      plain.on('request', (request) => {
        if (request.method() === 'POST' && request.url().includes('/invite?/create'))
          posts.push({
            url: request.url(),
            body: request.postData() ?? '',
            type: request.headers()['content-type'] ?? '',
          });
      });
      await plain.getByRole('button', { name: 'Generate Invite' }).dblclick();
      await expectVisible(plain.getByRole('dialog', { name: 'Send this link yourself' }));
      const shown = new URL(plain.url()).searchParams.get('invite');
      // Chromium sends one POST for a double click; a resubmission of the same form sends it again
      const [sent] = posts;
      expect(sent).toBeDefined();
      const again = await noScript.request.post(sent!.url, {
        headers: { 'content-type': sent!.type, origin: candor!.url, accept: 'text/html' },
        data: sent!.body,
        maxRedirects: 0,
      });
      expect(again.status()).toBe(303);
      expect(again.headers().location).toBe(`/invite?invite=${shown}`);
      // the one invite, then a deliberate second one: two rows, not three
      await fillInvite(plain, candidateEmail);
      await plain.getByRole('button', { name: 'Generate Invite' }).click();
      await plain.getByRole('button', { name: 'Invite again' }).click();
      await expectVisible(plain.getByRole('dialog', { name: 'Send this link yourself' }));
      expect(await interviewRows(candidateEmail, 2)).toBe(2);
    });

    it('shows the whole link at 1280×800 and names the QR card with the candidate’s letters', async () => {
      await fillInvite(page, email('lukasiewicz'));
      await hydrated(page);
      await page.getByRole('button', { name: 'Generate Invite' }).click();
      await dialog().getByRole('button', { name: 'Close' }).click();
      const field = page.getByTestId('interview-url');
      const link = await field.inputValue();
      expect(link.length).toBeGreaterThan(80);
      const fits = await field.evaluate((element) => ({
        height: element.scrollHeight <= element.clientHeight,
        width: element.scrollWidth <= element.clientWidth,
      }));
      expect(fits).toEqual({ height: true, width: true });
      await page.screenshot({ path: join(screenshots, 'invite-whole-link.png') });

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download QR card' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('candor-invite-jan-lukasiewicz.png');
    });

    it('on the page of an interview not yet done, sets the link’s expiry, shows the link, and revokes it', async () => {
      const candidateEmail = email('revoke');
      await fillInvite(page, candidateEmail, 'Rosa Revoke');
      await hydrated(page);
      await page.getByRole('button', { name: 'Generate Invite' }).click();
      const interviewUrl = await dialog().getByLabel('Candidate link').inputValue();
      await dialog().getByRole('button', { name: 'Close' }).click();
      expect(await interviewRows(candidateEmail, 1)).toBe(1);
      await page.goto(`${candor!.url}/interviews?q=${encodeURIComponent(candidateEmail)}`);
      await page.locator('tbody tr').getByRole('link').first().click();
      await hydrated(page);
      await expectVisible(page.getByTestId('link-state').filter({ hasText: 'Active' }));

      const expiry = page.locator('#expiresAt');
      // a date already behind is refused beside the field, keeping what was typed
      await expiry.fill('2020-01-31');
      await page.getByRole('button', { name: 'Set expiry' }).click();
      await expectVisible(page.getByText('Choose a date in the future'));
      expect(await expiry.inputValue()).toBe('2020-01-31');
      await expiry.fill('2030-01-31');
      await page.getByRole('button', { name: 'Set expiry' }).click();
      await expectVisible(page.getByRole('status').filter({ hasText: 'Link expiry saved.' }));

      // the link is derived again on request: the one the invite made
      await page.getByRole('button', { name: 'Show link', exact: true }).click();
      expect(await page.getByTestId('interview-url').inputValue()).toBe(interviewUrl);

      await page.locator('summary', { hasText: 'Revoke link' }).click();
      await page.getByRole('button', { name: 'Yes, revoke link' }).click();
      await expectVisible(page.getByRole('status').filter({ hasText: 'Link revoked.' }));
      await expectVisible(page.getByTestId('link-state').filter({ hasText: 'Revoked' }));
      expect(await page.getByRole('button', { name: /^(Show|Copy) link$/ }).count()).toBe(0);
      await expectVisible(page.getByRole('button', { name: 'Re-issue link' }));

      const candidate = await context!.newPage();
      expect((await candidate.goto(interviewUrl))?.status()).toBe(410);
      await candidate.close();
    });

    it('writes times in the reader’s locale, the same on every page: 24-hour in en-GB, 12-hour in en-US', async () => {
      const mailboxTimes = async (on: Page) => {
        await on.goto(`${candor!.url}/mailbox`);
        await hydrated(on);
        return on.locator('li.message time').allInnerTexts();
      };
      const british = await mailboxTimes(page);
      expect(british.length).toBeGreaterThan(0);
      for (const time of british) expect(time).toMatch(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC$/);

      const usProfile = mkdtempSync(join(tmpdir(), 'candor-e2e-invites-us-'));
      const us = await launchBrowser(usProfile, undefined, [], { locale: 'en-US' });
      try {
        const usPage = us.pages()[0] ?? (await us.newPage());
        await logIn(usPage, candor!.url, candor!.demo.email, candor!.demo.password);
        await usPage.waitForURL(`${candor!.url}/jobs`);
        for (const time of await mailboxTimes(usPage))
          expect(time).toMatch(/^\w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M UTC$/);
      } finally {
        await us.close();
        rmSync(usProfile, { recursive: true, force: true });
      }
    });

    it('ran without script errors in the browser', () => {
      expect(browserErrors).toEqual([]);
    });
  });
}
