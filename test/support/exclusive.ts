// Suites that need the machine's CPU in real time — werift peer connections (ICE and DTLS give up
// when their event loop starves) and Chromium decoding fake camera video — take turns: jest runs two
// suites at once on our 2-core machines, and two such suites side by side made connections fail
// (a liveness failure, not a slow test). `useExclusive()` at the top of a suite file holds a lock
// directory under .cache/locks for the whole file; other suites run meanwhile. A holder that died
// is detected by its pid.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from './infra';

const locks = join(REPO_ROOT, '.cache', 'locks');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits until this process holds the lock `name`; returns the release. */
export async function holdExclusive(name: string, timeoutMs: number): Promise<() => void> {
  const dir = join(locks, name);
  mkdirSync(locks, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(dir, { recursive: true, force: true });
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    } catch {
      // the holder is between mkdir and writing its pid, or just released
    }
    if (Number.isInteger(holder) && holder > 0 && !alive(holder)) rmSync(dir, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for the ${name} lock (held by pid ${holder})`);
    await sleep(250);
  }
}

/** Holds the real-time lock for every test of the calling suite file (call it at the top level). */
export function useExclusive(name = 'real-time-media'): void {
  let release: (() => void) | undefined;
  beforeAll(async () => {
    release = await holdExclusive(name, 20 * 60_000);
  }, 20 * 60_000 + 5_000);
  afterAll(() => release?.());
}
