// Candidate pages against WCAG 2.2 AA, checked by axe-core inside a real Chromium against `npm
// start`: the async interview (welcome, a question, the thank-you) and the live candidate link
// (equipment test, recording consent, waiting room), and the share viewer (`/s/<token>`). axe-core
// (./axe.ts) must find nothing. The interviewer's and recruiter's pages: interviewer-accessibility.
// And a whole async interview and a live join with the keyboard alone, every focused control visibly
// focused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import {
  apiPaths,
  sharingPaths,
  type CommandResult,
  type CreateInviteResponse,
  type SessionResponse,
} from '@candor/contracts';
import {
  chromiumMissing,
  expectVisible,
  hydrated,
  launchBrowser,
  requireInfra,
  startCandor,
  stopCandor,
  type RunningCandor,
} from './support';
import { scheduleLiveInterview } from './live-support';
import { violations } from './axe';
import { useExclusive } from '../support/exclusive';

jest.setTimeout(150_000);
useExclusive();

/** Presses Tab until the focused element reads `name` (maybe it already does); checks its focus can be seen. */
async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let presses = 0; presses < 25; presses++) {
    if (presses > 0) await page.keyboard.press('Tab');
    const focused = (await page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const label = el.labels && el.labels[0] ? el.labels[0].innerText : '';
      return {
        text: [el.getAttribute('aria-label'), label, el.innerText, el.value].filter(Boolean).join(' '),
        visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
      };
    })()`)) as { text: string; visible: boolean } | null;
    if (focused && name.test(focused.text)) {
      expect({ name: focused.text, visibleFocus: focused.visible }).toEqual({
        name: focused.text,
        visibleFocus: true,
      });
      return;
    }
  }
  throw new Error(`Tab never reached ${name}`);
}

async function call<T>(baseUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(baseUrl + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

if (chromiumMissing) {
  if (requireInfra) {
    test('Chromium is installed (CANDOR_REQUIRE_INFRA=1)', () => {
      throw new Error(chromiumMissing);
    });
  } else {
    console.warn(
      `SKIPPED accessibility browser e2e: ${chromiumMissing}. Set CANDOR_REQUIRE_INFRA=1 to make this a failure.`,
    );
    test.skip(`candidate pages' accessibility (${chromiumMissing})`, () => undefined);
  }
} else {
  describe('candidate pages meet WCAG 2.2 AA (axe-core)', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'candor-e2e-a11y-'));
    const profile = mkdtempSync(join(tmpdir(), 'candor-e2e-a11y-browser-'));
    let candor: RunningCandor | undefined;
    let context: BrowserContext | undefined;
    let page: Page;

    beforeAll(async () => {
      candor = await startCandor(dataDir);
      context = await launchBrowser(profile, { width: 390, height: 844 });
      page = context.pages()[0] ?? (await context.newPage());
    }, 200_000);

    afterAll(async () => {
      await context?.close();
      if (candor) await stopCandor(candor).catch(() => undefined);
      for (const dir of [profile, dataDir]) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('the async interview: welcome, a question, the thank-you', async () => {
      const { token } = await call<SessionResponse>(candor!.url, 'POST', apiPaths.identity.logIn, candor!.demo);
      const job = await call<CommandResult>(
        candor!.url,
        'POST',
        apiPaths.invite.jobs,
        {
          title: 'Support engineer',
          description: 'Helping customers',
          questions: [{ text: 'Tell us about a customer you helped.' }],
        },
        token,
      );
      const invite = await call<CreateInviteResponse>(
        candor!.url,
        'POST',
        apiPaths.invite.invites,
        { jobId: job.id, candidateName: 'Łucja Kowalska', candidateEmail: 'lucja@example.com' },
        token,
      );
      for (let tries = 0; ; tries++) {
        const response = await page.goto(candor!.url + invite.link.path);
        if (response?.status() === 200 || tries > 40) break;
        await page.waitForTimeout(250);
      }
      await hydrated(page);
      await expectVisible(page.getByRole('button', { name: 'Start interview' }));
      expect(await violations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Start interview' }).click();
      await expectVisible(page.locator('#answer'));
      expect(await violations(page)).toEqual([]);

      await page
        .locator('#answer')
        .fill('I helped a customer recover a deleted project from our backups within an hour.');
      await page.getByRole('button', { name: 'Submit Interview' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Your interview has been submitted. Thank you.' }));
      expect(await violations(page)).toEqual([]);

      // the check can fail: a control without a label, added to the same page, is found
      await page.evaluate(`document.querySelector('main').insertAdjacentHTML('beforeend', '<input type="text">')`);
      expect((await violations(page)).map((violation) => violation.split(' ')[0])).toContain('label');
    });

    it('a whole async interview with the keyboard alone, with a visible focus on every control', async () => {
      const { token } = await call<SessionResponse>(candor!.url, 'POST', apiPaths.identity.logIn, candor!.demo);
      const job = await call<CommandResult>(
        candor!.url,
        'POST',
        apiPaths.invite.jobs,
        { title: 'Keyboard job', questions: [{ text: 'First question?' }, { text: 'Second question?' }] },
        token,
      );
      const invite = await call<CreateInviteResponse>(
        candor!.url,
        'POST',
        apiPaths.invite.invites,
        { jobId: job.id, candidateEmail: 'keys@example.com' },
        token,
      );
      for (let tries = 0; ; tries++) {
        const response = await page.goto(candor!.url + invite.link.path);
        if (response?.status() === 200 || tries > 40) break;
        await page.waitForTimeout(250);
      }
      await hydrated(page);

      await tabTo(page, /Start interview/);
      await page.keyboard.press('Enter');
      await expectVisible(page.getByText('First question?', { exact: true }));
      await tabTo(page, /First question\?/);
      await page.keyboard.type('Answered with the keyboard alone.');
      await tabTo(page, /^Next$/);
      await page.keyboard.press('Enter');
      await expectVisible(page.getByText('Second question?', { exact: true }));
      await tabTo(page, /Second question\?/);
      await page.keyboard.type('Still only the keyboard.');
      await tabTo(page, /Submit Interview/);
      await page.keyboard.press('Enter');
      await expectVisible(page.getByRole('heading', { name: 'Your interview has been submitted. Thank you.' }));
    });

    it('joins a live interview with the keyboard alone: equipment test, consent, waiting room', async () => {
      const links = await scheduleLiveInterview(candor!.url, candor!.demo, {
        templateName: 'Keyboard interview',
        candidateName: 'Kim Keys',
        minutesAhead: 5,
      });
      expect((await page.goto(candor!.url + links.candidatePath))?.status()).toBe(200);
      await hydrated(page);
      await tabTo(page, /Test camera and microphone/);
      await page.keyboard.press('Enter');
      await expectVisible(page.getByTestId('camera-preview'));
      await tabTo(page, /^Continue$/);
      await page.keyboard.press('Enter');
      await expectVisible(page.getByTestId('recording-notice'));
      await tabTo(page, /I agree to the interview being recorded/);
      await page.keyboard.press('Space');
      await tabTo(page, /Continue to the waiting room/);
      await page.keyboard.press('Enter');
      await expectVisible(page.getByRole('heading', { name: 'The interviewer will let you in' }));
    });

    it('the live candidate link: equipment test, recording consent, waiting room', async () => {
      const links = await scheduleLiveInterview(candor!.url, candor!.demo, {
        templateName: 'Accessible interview',
        candidateName: 'Casey Candidate',
        minutesAhead: 5,
      });
      expect((await page.goto(candor!.url + links.candidatePath))?.status()).toBe(200);
      await hydrated(page);
      expect(await violations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Test camera and microphone' }).click();
      await expectVisible(page.getByTestId('camera-preview'));
      expect(await violations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      await expectVisible(page.getByTestId('recording-notice'));
      expect(await violations(page)).toEqual([]);

      await page.getByLabel(/I agree to the interview being recorded/).check();
      await page.getByRole('button', { name: 'Continue to the waiting room' }).click();
      await expectVisible(page.getByRole('heading', { name: 'The interviewer will let you in' }));
      expect(await violations(page)).toEqual([]);
    });

    it('the share viewer', async () => {
      const { token } = await call<SessionResponse>(candor!.url, 'POST', apiPaths.identity.logIn, candor!.demo);
      const links = await scheduleLiveInterview(candor!.url, candor!.demo, {
        templateName: 'Shared interview',
        candidateName: 'Sam Shared',
        minutesAhead: 5,
      });
      // the sharing service follows the interview a moment after it is scheduled
      let share: { path: string } | undefined;
      for (let tries = 0; !share; tries++) {
        try {
          share = await call<{ path: string }>(
            candor!.url,
            'POST',
            sharingPaths.interviewLinks(links.liveInterviewId),
            { name: 'For the panel' },
            token,
          );
        } catch (cause) {
          if (tries > 40) throw cause;
          await page.waitForTimeout(250);
        }
      }
      expect((await page.goto(candor!.url + share.path))?.status()).toBe(200);
      await hydrated(page);
      // the viewer loads what is shared after the page: check it once it has
      await page.waitForLoadState('networkidle');
      await expectVisible(page.getByTestId('share-viewer'));
      expect(await violations(page)).toEqual([]);
    });
  });
}
