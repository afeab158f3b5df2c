// The live interview pages before their script runs (a slow phone, a loaded machine, or JavaScript
// turned off), in Chromium with JavaScript disabled against `npm start`: the candidate's "Test
// camera and microphone" is disabled and says why instead of doing nothing, and the interviewer's
// name form keeps the typed name (a GET that comes back with it) and says the next step needs
// JavaScript.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import {
  chromiumMissing,
  expectVisible,
  launchBrowser,
  requireInfra,
  startCandor,
  stopCandor,
  type RunningCandor,
} from './support';
import { scheduleLiveInterview } from './live-support';
import { useExclusive } from '../support/exclusive';

jest.setTimeout(120_000);
useExclusive();

if (chromiumMissing) {
  if (requireInfra) {
    test('Chromium is installed (CANDOR_REQUIRE_INFRA=1)', () => {
      throw new Error(chromiumMissing);
    });
  } else {
    console.warn(
      `SKIPPED live pages without script: ${chromiumMissing}. Set CANDOR_REQUIRE_INFRA=1 to make this a failure.`,
    );
    test.skip(`live pages without script (${chromiumMissing})`, () => undefined);
  }
} else {
  describe('the live interview pages without JavaScript', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'candor-e2e-noscript-'));
    const profile = mkdtempSync(join(tmpdir(), 'candor-e2e-noscript-browser-'));
    let candor: RunningCandor | undefined;
    let context: BrowserContext | undefined;
    let page: Page;
    let links: { candidatePath: string; hostPath: string };

    beforeAll(async () => {
      candor = await startCandor(dataDir);
      context = await launchBrowser(profile, undefined, [], { javaScriptEnabled: false });
      page = context.pages()[0] ?? (await context.newPage());
      links = await scheduleLiveInterview(candor.url, candor.demo, {
        templateName: 'No-script check',
        candidateName: 'Casey Candidate',
        minutesAhead: 5,
      });
    }, 200_000);

    afterAll(async () => {
      await context?.close();
      if (candor) await stopCandor(candor).catch(() => undefined);
      for (const dir of [profile, dataDir]) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('the candidate’s equipment test is disabled and says it needs JavaScript', async () => {
      expect((await page.goto(candor!.url + links.candidatePath))?.status()).toBe(200);
      const test = page.getByRole('button', { name: 'Test camera and microphone' });
      await expectVisible(test);
      expect(await test.isDisabled()).toBe(true);
      await expectVisible(page.getByTestId('needs-script').getByText(/need JavaScript/));
      // the button is described by the reason
      expect(await test.getAttribute('aria-describedby')).toBe('equipment-needs-script');
    });

    it('the interviewer’s name form keeps the typed name and says the next step needs JavaScript', async () => {
      expect((await page.goto(candor!.url + links.hostPath))?.status()).toBe(200);
      await page.getByLabel('Your name').fill('Ada Interviewer');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(/\?name=Ada\+Interviewer$/);
      expect(await page.getByLabel('Your name').inputValue()).toBe('Ada Interviewer');
      await expectVisible(page.getByTestId('needs-script').getByText(/need JavaScript.*Your name is kept/));
    });
  });
}
