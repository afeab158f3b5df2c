// Scheduling live interviews in a real browser against `npm start` (embedded mode): the recruiter
// creates a live interview template with a default interviewer and recording on, schedules an
// interview in a time zone that is not the browser's, with a guest interviewer, and manages it from
// the row's "More actions" menu: both links copied to the clipboard, the candidate link revoked and
// re-issued, the interview rescheduled and then cancelled. The browser runs in Europe/Berlin and
// the interview is in Asia/Tokyo, so both clocks are on the row.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
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

// the first start builds the frontend, which is slow on a busy machine
jest.setTimeout(240_000);
// CPU-bound in real time (peer connections, Chromium): one such suite at a time
useExclusive();

if (chromiumMissing) {
  if (requireInfra) {
    test('Chromium is installed (CANDOR_REQUIRE_INFRA=1)', () => {
      throw new Error(chromiumMissing);
    });
  } else {
    console.warn(
      `SKIPPED live scheduling browser e2e: ${chromiumMissing}. Set CANDOR_REQUIRE_INFRA=1 to make this a failure.`,
    );
    test.skip(`live interview scheduling in a browser (${chromiumMissing})`, () => undefined);
  }
} else {
  describe('scheduling live interviews in a real browser', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'candor-e2e-live-'));
    const profile = mkdtempSync(join(tmpdir(), 'candor-e2e-live-recruiter-'));
    let candor: RunningCandor | undefined;
    let context: BrowserContext | undefined;
    let page: Page;
    const browserErrors: string[] = [];

    const suffix = Date.now().toString(36);
    const templateName = `Pairing session ${suffix}`;
    const candidateName = 'Grace Hopper';
    const candidateEmail = `grace.${suffix}@example.com`;
    // a long address, to see where the Invites table breaks it
    const twice = `double.submitted.form.${suffix}@engineering.example.com`;
    // a March date next year: Tokyo is UTC+9 all year, Berlin is on winter time (UTC+1) then
    const year = new Date().getUTCFullYear() + 1;
    const date = `${year}-03-04`;
    const links = { candidate: '', host: '' };

    beforeAll(async () => {
      mkdirSync(screenshots, { recursive: true });
      candor = await startCandor(dataDir, 420_000);
      context = await launchBrowser(profile);
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: candor.url });
      page = context.pages()[0] ?? (await context.newPage());
      // the recruiter's browser is in Berlin (the machine's clock is UTC): the row must show both zones
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Europe/Berlin' });
      watchForErrors(page, browserErrors);
    }, 450_000);

    afterAll(async () => {
      await context?.close();
      if (candor) await stopCandor(candor).catch(() => undefined);
      for (const dir of [profile, dataDir, `${dataDir}-secrets`]) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    /** Reads until the value is `expected` or the time is up; answers the last value read. */
    async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 5_000): Promise<T> {
      const until = Date.now() + timeoutMs;
      let value = await read();
      while (value !== expected && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        value = await read();
      }
      return value;
    }

    const row = (): Locator => page.getByTestId('interview-row').filter({ hasText: candidateEmail });

    /** Opens the row's menu with the keyboard, as a disclosure should allow. */
    async function openMenu(): Promise<Locator> {
      // Enter toggles a disclosure: press it only while the menu is closed (the previous step's
      // Escape, or a re-render after a form action, may or may not have closed it yet).
      const details = row().locator('details.menu');
      if (!(await details.evaluate((element) => element.hasAttribute('open')))) {
        // its accessible name has its space: "More actions for <name>", not "More actionsfor"
        await row().getByLabel(`More actions for ${candidateName}`, { exact: true }).focus();
        await page.keyboard.press('Enter');
      }
      await expectVisible(row().getByTestId('row-menu'));
      return row();
    }

    async function copy(label: 'Copy candidate link' | 'Copy interviewer link'): Promise<string> {
      const menu = await openMenu();
      await menu.getByRole('button', { name: label, exact: true }).click();
      const what = label === 'Copy candidate link' ? 'candidate link' : 'interviewer link';
      await expectVisible(page.getByTestId('copy-status').getByText(`Copied the ${what} for ${candidateName}.`));
      return (await page.evaluate('navigator.clipboard.readText()')) as string;
    }

    it('creates a live interview template with a default interviewer and recording on', async () => {
      await logIn(page, candor!.url, candor!.demo.email, candor!.demo.password);
      await page.waitForURL(`${candor!.url}/jobs`);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Live interviews' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Live interviews', level: 1 }));
      await page.getByRole('link', { name: 'New template' }).click();
      await hydrated(page);
      await expectVisible(page.getByRole('button', { name: '+ Add interviewer' }));

      // the service's rules show beside the fields
      await page.getByLabel('Duration (minutes)').fill('2');
      await page.getByRole('button', { name: 'Create template' }).click();
      await expectVisible(page.locator('#name-error').getByText('Name is required'));
      await expectVisible(page.locator('#durationMinutes-error').getByText('At least 5 minutes'));

      await page.getByLabel('Template name').fill(templateName);
      await page.getByLabel('Duration (minutes)').fill('45');
      await page.getByLabel('Instructions for the candidate').fill('Bring a laptop with a code editor.');
      await page.getByLabel('Interviews may be recorded').check();
      await page.getByLabel('Interviewer 1 Name').fill('Ada Lovelace');
      await page.getByLabel('Interviewer 1 Email').fill(`ada.${suffix}@example.com`);
      await page.getByRole('button', { name: 'Create template' }).click();

      await page.waitForURL(/\/templates\/[0-9a-f-]{36}\?/);
      await expectVisible(page.getByRole('heading', { name: templateName, level: 1 }));
      await expectVisible(page.getByText('Template created.'));
      const details = page.locator('dl');
      await expectVisible(details.getByText('45 min'));
      await expectVisible(details.getByText(/Interviews may be recorded/));
      await expectVisible(details.getByText('Ada Lovelace'));

      // and it is listed
      await page.getByRole('link', { name: 'Live interviews' }).first().click();
      const listed = page.locator('tbody tr').filter({ hasText: templateName });
      await expectVisible(listed);
      expect((await listed.innerText()).replace(/\s+/g, ' ')).toContain('45 min May be recorded 1 interviewer');
      await listed.getByRole('link', { name: templateName }).click();
    });

    it('schedules an interview in another time zone with a guest, and shows both new links once', async () => {
      await page.getByRole('navigation', { name: 'Template sections' }).getByRole('link', { name: 'Invites' }).click();
      await page.waitForURL(/tab=invites/);
      await hydrated(page);
      const zone = page.locator('#schedule-timeZone');
      // the server renders UTC; the page's script puts in the browser's own zone
      expect(await eventually(() => zone.inputValue(), 'Europe/Berlin')).toBe('Europe/Berlin');

      await page.getByLabel('Candidate name').fill(candidateName);
      await page.getByLabel('Date', { exact: true }).fill(date);
      await page.getByLabel('Time', { exact: true }).fill('14:30');
      // a searchable field over the current IANA names, each with its UTC offset
      const options = page.locator('#schedule-timeZone-zones option');
      expect(await options.evaluateAll((all) => all.map((option) => (option as unknown as { value: string }).value))).toEqual(
        expect.arrayContaining(['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Ho_Chi_Minh', 'America/Nuuk']),
      );
      expect(await page.locator('#schedule-timeZone-zones option[value="Asia/Calcutta"]').count()).toBe(0);
      expect(await page.locator('#schedule-timeZone-zones option[value="Asia/Kolkata"]').getAttribute('label')).toBe('UTC+05:30 · Asia/Kolkata');
      await zone.fill('Asia/Tokyo');
      await expectVisible(page.getByTestId('schedule-timeZone-offset').getByText('now UTC+09:00'));
      await page.getByLabel('Guest interviewer 1 Name').fill('Alan Turing');
      await page.getByLabel('Guest interviewer 1 Email').fill(`alan.${suffix}@example.com`);
      // the invite service refuses a candidate who is also an interviewer: its problem+json names the field
      await page.getByLabel('Candidate email').fill(`alan.${suffix}@example.com`);
      await page.getByRole('button', { name: 'Schedule interview' }).click();
      await expectVisible(page.locator('#candidateEmail-error').getByText('This address is one of the interviewers'));
      // the refused form keeps what was typed
      expect(await page.getByLabel('Time zone').first().inputValue()).toBe('Asia/Tokyo');
      expect(await page.getByLabel('Guest interviewer 1 Name').inputValue()).toBe('Alan Turing');

      await page.getByLabel('Candidate email').fill(candidateEmail);
      await page.getByRole('button', { name: 'Schedule interview' }).click();

      const panel = page.getByTestId('new-links');
      await expectVisible(panel.getByRole('heading', { name: `Interview scheduled with ${candidateName}` }));
      links.candidate = await panel.getByTestId('new-candidate-link').inputValue();
      links.host = await panel.getByTestId('new-host-link').inputValue();
      expect(links.candidate).toMatch(new RegExp(`^${candor!.url}/join/[A-Za-z0-9._-]{40,}$`));
      expect(links.host).toMatch(new RegExp(`^${candor!.url}/host/[A-Za-z0-9._-]{40,}$`));
      // no token in the dashboard's own address
      expect(page.url()).not.toContain(links.candidate.split('/join/')[1]!);
      expect(page.url()).not.toContain(links.host.split('/host/')[1]!);

      await expectVisible(row());
      const text = (await row().innerText()).replace(/\s+/g, ' ');
      expect(text).toContain(candidateName);
      // 14:30 in Tokyo (UTC+9) is 06:30 in Berlin (UTC+1)
      expect(text).toMatch(new RegExp(`4 Mar ${year}, 14:30 Asia/Tokyo \\(GMT\\+9\\)`));
      expect(text).toMatch(new RegExp(`Your time: .*4 Mar ${year}, 06:30 \\(Europe/Berlin \\(GMT\\+1\\)\\)`));
      expect(text).toContain('Ada Lovelace');
      expect(text).toContain('Alan Turing');
      expect(await row().getByTestId('candidate-link-state').innerText()).toContain('Active');
      expect(await row().getByTestId('host-link-state').innerText()).toContain('Active');

      // the media service prepares the interview's room a moment after the scheduling event
      const status = await eventually(
        async () => {
          await page.reload();
          return row()
            .getByTestId('live-status')
            .textContent({ timeout: 2_000 })
            .catch(() => null);
        },
        'Scheduled',
        20_000,
      );
      expect(status).toBe('Scheduled');
      await page.screenshot({ path: join(screenshots, 'live-invites-scheduled.png'), fullPage: true });
    });

    it('schedules once when one rendered form is submitted twice at once (its idempotency key)', async () => {
      await page.goto(`${page.url().split('?')[0]}?tab=invites`);
      await hydrated(page);

      await page.getByLabel('Candidate name').fill('Double Submit');
      await page.getByLabel('Candidate email').fill(twice);
      await page.getByLabel('Date', { exact: true }).fill(date);
      await page.getByLabel('Time', { exact: true }).fill('09:00');
      // what use:enhance sends, twice at once, from the same rendered form (its hidden key included)
      const answers = (await page.evaluate(`(() => {
        const form = document.querySelector('form[action^="?/schedule"]');
        const send = () =>
          fetch(form.action, { method: 'POST', body: new FormData(form), headers: { 'x-sveltekit-action': 'true' } })
            .then((response) => response.json());
        return Promise.all([send(), send()]);
      })()`)) as { type: string; location?: string }[];
      expect(answers.map((answer) => answer.type)).toEqual(['redirect', 'redirect']);
      const scheduledId = (answer: { location?: string }) => new URL(answer.location!, candor!.url).searchParams.get('scheduled');
      expect(scheduledId(answers[0]!)).toMatch(/^[0-9a-f-]{36}$/);
      expect(scheduledId(answers[1]!)).toBe(scheduledId(answers[0]!));
      await page.goto(new URL(answers[0]!.location!, candor!.url).href);
      await expectVisible(page.getByTestId('interview-row').filter({ hasText: twice }));
      expect(await page.getByTestId('interview-row').filter({ hasText: twice }).count()).toBe(1);

      // where the address must wrap, it breaks only after a dot or before the @, never mid-word: the
      // column's width depends on the other columns and the window, so the address's own box is
      // narrowed to 10rem here (without the <wbr>s, overflow-wrap would then break inside a word)
      {
        const rowId = await page.getByTestId('interview-row').filter({ hasText: twice }).getAttribute('data-interview-id');
        // the lines of the rendered address, read character by character (a string: no DOM types here)
        const lines = (await page.evaluate(`(() => {
            const element = document.querySelector('tr[data-interview-id="${rowId}"] .email');
            element.style.width = '10rem';
            const range = document.createRange();
            const found = [];
            let line = '';
            let top = null;
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              for (let index = 0; index < node.length; index++) {
                range.setStart(node, index);
                range.setEnd(node, index + 1);
                const rect = range.getClientRects()[0];
                if (!rect) continue;
                if (top !== null && rect.top > top + 2) {
                  found.push(line);
                  line = '';
                }
                top = rect.top;
                line += node.data[index];
              }
            }
            return [...found, line];
          })()`)) as string[];
        expect(lines.join('')).toBe(twice);
        expect(lines.length).toBeGreaterThan(1);
        for (const [index, line] of lines.entries())
          if (index > 0) expect({ line, breaksWell: line.startsWith('@') || lines[index - 1]!.endsWith('.') }).toEqual({ line, breaksWell: true });
      }
    });

    it('warns when the candidate already has an interview on the template, with its link, until Schedule again', async () => {
      await page.goto(`${page.url().split('?')[0]}?tab=invites`);
      await hydrated(page);
      const twiceRow = () => page.getByTestId('interview-row').filter({ hasText: twice });
      // the link the existing interview has, from its row's menu
      await twiceRow().getByLabel('More actions for Double Submit', { exact: true }).click();
      await twiceRow().getByRole('button', { name: 'Copy candidate link', exact: true }).click();
      await expectVisible(page.getByTestId('copy-status').getByText('Copied the candidate link for Double Submit.'));
      const existing = (await page.evaluate('navigator.clipboard.readText()')) as string;
      expect(existing).toMatch(/\/join\//);

      await page.getByLabel('Candidate name').fill('Double Submit');
      await page.getByLabel('Candidate email').fill(twice);
      await page.getByLabel('Date', { exact: true }).fill(date);
      await page.getByLabel('Time', { exact: true }).fill('11:00');
      await page.getByRole('button', { name: 'Schedule interview' }).click();
      const warning = page.getByTestId('open-interview');
      await expectVisible(warning.getByText(`${twice} already has an interview on this template`));
      expect(await warning.getByLabel('Candidate link').inputValue()).toBe(existing);
      expect(await page.getByRole('button', { name: 'Schedule interview' }).count()).toBe(0);
      // the form kept what was typed, and nothing was scheduled
      expect(await page.getByLabel('Time', { exact: true }).inputValue()).toBe('11:00');
      expect(await twiceRow().count()).toBe(1);
      await page.screenshot({ path: join(screenshots, 'live-open-interview-warning.png'), fullPage: true });

      await warning.getByRole('button', { name: 'Schedule again' }).click();
      const panel = page.getByTestId('new-links');
      await expectVisible(panel.getByRole('heading', { name: 'Interview scheduled with Double Submit' }));
      expect(await panel.getByTestId('new-candidate-link').inputValue()).not.toBe(existing);
      await expectVisible(twiceRow().nth(1));
      expect(await twiceRow().count()).toBe(2);
    });

    it('copies the candidate link and the interviewer link from the row menu', async () => {
      await hydrated(page);
      const candidateCopy = await copy('Copy candidate link');
      const hostCopy = await copy('Copy interviewer link');
      expect(candidateCopy.startsWith(`${candor!.url}/join/`)).toBe(true);
      expect(hostCopy.startsWith(`${candor!.url}/host/`)).toBe(true);
      expect(candidateCopy).not.toBe(hostCopy);
      expect(candidateCopy).toBe(links.candidate);
      expect(hostCopy).toBe(links.host);
    });

    it('revokes the candidate link: the row says so and it cannot be copied', async () => {
      const menu = await openMenu();
      await page.screenshot({ path: join(screenshots, 'live-invites-menu.png') });
      await menu.getByRole('button', { name: 'Revoke candidate link', exact: true }).click();
      await expectVisible(row().locator('[data-testid="candidate-link-state"][data-state="revoked"]'));
      expect(await row().getByTestId('candidate-link-state').innerText()).toContain('Revoked');
      expect(await row().getByTestId('host-link-state').innerText()).toContain('Active');
      await expectVisible(page.getByText('Candidate link revoked'));

      // the menu offers only what still makes sense: no copying or revoking the revoked link
      const after = await openMenu();
      expect(await after.getByRole('button', { name: 'Copy candidate link', exact: true }).count()).toBe(0);
      expect(await after.getByRole('button', { name: 'Revoke candidate link', exact: true }).count()).toBe(0);
      expect(await after.getByRole('button', { name: 'Copy interviewer link', exact: true }).isEnabled()).toBe(true);
      expect(await after.getByRole('button', { name: 'Revoke interviewer link', exact: true }).isEnabled()).toBe(true);
      await expectVisible(after.getByRole('link', { name: 'Re-issue candidate link', exact: true }));
      await page.keyboard.press('Escape');
    });

    it('re-issues the candidate link after a confirmation: a new, different link', async () => {
      const menu = await openMenu();
      await menu.getByRole('link', { name: 'Re-issue candidate link', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Re-issue the candidate link?' });
      await expectVisible(dialog);
      await dialog.getByRole('button', { name: 'Re-issue candidate link' }).click();

      const panel = page.getByTestId('new-links');
      await expectVisible(panel.getByRole('heading', { name: `New candidate link for ${candidateName}` }));
      const reissued = await panel.getByTestId('new-candidate-link').inputValue();
      expect(reissued).toMatch(new RegExp(`^${candor!.url}/join/`));
      expect(reissued).not.toBe(links.candidate);
      expect(await panel.getByTestId('new-host-link').count()).toBe(0);
      await expectVisible(row().locator('[data-testid="candidate-link-state"][data-state="active"]'));

      expect(await copy('Copy candidate link')).toBe(reissued);
      // the interviewer link did not change
      expect(await copy('Copy interviewer link')).toBe(links.host);
    });

    it('reschedules: the new time shows', async () => {
      const menu = await openMenu();
      await menu.getByRole('link', { name: 'Reschedule', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: `Reschedule the interview with ${candidateName}` });
      await expectVisible(dialog);
      // prefilled with the current start, in the interview's zone
      expect(await dialog.getByLabel('Date', { exact: true }).inputValue()).toBe(date);
      expect(await dialog.getByLabel('Time', { exact: true }).inputValue()).toBe('14:30');
      expect(await dialog.getByLabel('Time zone').inputValue()).toBe('Asia/Tokyo');
      await dialog.getByLabel('Time', { exact: true }).fill('16:45');
      // an old name of a zone is accepted, and read as the current one
      await dialog.getByLabel('Time zone').fill('Asia/Calcutta');
      await dialog.getByRole('button', { name: 'Reschedule' }).click();

      await expectVisible(page.getByText('Interview rescheduled.'));
      await expectVisible(row().getByTestId('start-in-zone').getByText(`4 Mar ${year}, 16:45`));
      const text = (await row().innerText()).replace(/\s+/g, ' ');
      expect(text).toContain('Asia/Kolkata (GMT+5:30)');
      // 16:45 in Kolkata (UTC+5:30) is 12:15 in Berlin (UTC+1)
      expect(text).toMatch(/Your time: .*, 12:15/);
    });

    it('cancels after a confirmation: the status says cancelled', async () => {
      const menu = await openMenu();
      await menu.getByRole('link', { name: 'Cancel interview', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: `Cancel the interview with ${candidateName}?` });
      await expectVisible(dialog);
      await dialog.getByRole('button', { name: 'Cancel interview' }).click();

      await expectVisible(page.getByText('Interview cancelled.'));
      await expectVisible(row().getByTestId('live-status').getByText('Cancelled'));
      await expectVisible(page.getByRole('heading', { name: /^Cancelled/, level: 3 }));
      // a cancelled interview cannot be changed any more: no menu of disabled items, a note instead
      expect(await row().getByLabel(`More actions for ${candidateName}`, { exact: true }).count()).toBe(0);
      expect(await row().locator('details.menu').count()).toBe(0);
      expect(await row().getByTestId('no-actions').innerText()).toBe('Nothing left to change');
      await page.screenshot({ path: join(screenshots, 'live-invites-cancelled.png'), fullPage: true });
    });

    it('the mailbox shows the calendar invitation and offers it for download as text/calendar', async () => {
      await page.goto(`${candor!.url}/mailbox`);
      const toCandidate = page.locator('li.message').filter({ hasText: `To: ${candidateEmail}` });
      await expectVisible(toCandidate.first());
      const invitation = toCandidate.filter({ hasText: 'calendar invitation' }).first();
      const link = invitation.getByTestId('attachment').getByRole('link');
      const filename = (await link.innerText()).trim();
      expect(filename).toMatch(/\.ics$/);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe(filename);
      const answer = await context!.request.get(new URL((await link.getAttribute('href'))!, candor!.url).href);
      expect(answer.status()).toBe(200);
      expect(answer.headers()['content-type']).toBe('text/calendar; charset=utf-8; method=REQUEST');
      expect(answer.headers()['content-disposition']).toBe(`attachment; filename="${filename}"`);
      expect(await answer.text()).toMatch(/^BEGIN:VCALENDAR/);
      // the cancellation carries one too, as a CANCEL
      await expectVisible(toCandidate.filter({ hasText: 'cancels the event' }).first());
    });

    it('ran without script errors or CSP violations', () => {
      expect(browserErrors).toEqual([]);
    });
  });
}
