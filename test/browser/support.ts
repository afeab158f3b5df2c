// What the browser suites share: starting Candor exactly as a user does (`npm start` runs
// scripts/start.cjs) and waiting for the two lines it promises to print, stopping it, launching
// Debian's Chromium with fake camera and microphone, and small page helpers.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const root = join(__dirname, '..', '..');
export const chromiumPath = '/usr/bin/chromium';
export const screenshots = join(root, '.cache', 'screenshots');
export const requireInfra = process.env.CANDOR_REQUIRE_INFRA === '1';

export interface RunningCandor {
  url: string;
  demo: { email: string; password: string };
  child: ChildProcess;
  output: string[];
}

/** Spawns `node scripts/start.cjs` and waits for the two lines it promises to print. */
export function startCandor(
  dataDir: string,
  timeoutMs = 150_000,
  env: Record<string, string> = {},
): Promise<RunningCandor> {
  const child = spawn(process.execPath, ['scripts/start.cjs'], {
    cwd: root,
    env: { ...process.env, CANDOR_DATA_DIR: dataDir, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));

  return new Promise((resolve, reject) => {
    let url: string | undefined;
    let demo: RunningCandor['demo'] | undefined;
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${reason}\n--- output ---\n${output.join('')}`));
    };
    const timer = setTimeout(
      () => fail(`Candor did not print its URL and demo login within ${timeoutMs} ms`),
      timeoutMs,
    );
    const exitedEarly = (code: number | null, signal: string | null) =>
      fail(`Candor exited early (code ${code}, signal ${signal})`);
    child.once('exit', exitedEarly);
    let started = false;

    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(`${line}\n`);
      const running = /^Candor is running at (http:\/\/127\.0\.0\.1:\d+)\s*$/.exec(line);
      if (running) url = running[1];
      const login = /^Demo login: (\S+) \/ (\S+)\s*$/.exec(line);
      if (login) demo = { email: login[1]!, password: login[2]! };
      if (url && demo && !started) {
        // later lines (e.g. "stopping…") must not touch the listeners stopCandor adds
        started = true;
        clearTimeout(timer);
        child.off('exit', exitedEarly);
        resolve({ url, demo, child, output });
      }
    });
  });
}

/** SIGTERM, then wait for a clean exit; a process that hangs fails the test. */
export async function stopCandor(candor: RunningCandor, timeoutMs = 30_000): Promise<number | null> {
  const { child } = candor;
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
  const result = await Promise.race([exited, timeout]);
  if (result === 'timeout') {
    child.kill('SIGKILL');
    throw new Error(`Candor did not exit within ${timeoutMs} ms of SIGTERM\n${candor.output.join('')}`);
  }
  return result;
}

/** The root layout marks the page once hydrated; typing earlier races the enhanced form. */
export async function hydrated(page: Page): Promise<void> {
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
}

export async function logIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

export const chromiumMissing = existsSync(chromiumPath)
  ? undefined
  : `Chromium is not installed at ${chromiumPath} (apt-get install -y chromium)`;

/** Debian's Chromium, headless, fake camera and microphone, a fresh profile in `profileDir`. */
export async function launchBrowser(
  profileDir: string,
  viewport = { width: 1280, height: 800 },
  /** more Chromium switches, e.g. `--use-file-for-fake-video-capture=<y4m>` for a camera of its own */
  extraArgs: string[] = [],
): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      ...extraArgs,
    ],
  });
  context.setDefaultTimeout(15_000);
  return context;
}

/** Collects script errors and console errors (except the 4xx a refused form action logs on purpose). */
export function watchForErrors(page: Page, into: string[]): void {
  page.on('pageerror', (error) => into.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    const expectedFormFailure = /status of 4\d\d/.test(message.text()) && message.location().url.includes('?/');
    if (message.type() === 'error' && !expectedFormFailure)
      into.push(`console: ${message.text()} (${message.location().url})`);
  });
}

export async function expectVisible(locator: ReturnType<Page['locator']>): Promise<void> {
  await locator.first().waitFor({ state: 'visible' });
}
