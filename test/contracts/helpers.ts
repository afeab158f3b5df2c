// Small helpers the contract suites share: unique names per run and polling for async outcomes.
import { randomBytes } from 'node:crypto';

const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
let counter = 0;

/** A name no other test or earlier run has used (topics and groups outlive a Kafka test run). */
export function uniqueName(prefix: string): string {
  return `${prefix}.${run}.${++counter}`;
}

/** Polls until `condition` holds; fails with `what` after `timeoutMs`. */
export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
