// The upload spool: finished recording files wait in a local folder until the store has them.
// `add` makes a durable copy in the spool and returns; a single worker then uploads entries in the
// order they were added, confirms each with `stat` (the stored size must match), and only then
// removes the spool copy. An upload that fails is retried with capped exponential backoff, forever:
// storage being down delays recordings, it never loses them. The spool folder is the queue, so a
// process that dies keeps its entries; `start` scans the folder and resumes them.
//
// On disk, per entry (<id> sorts by time added, so a restart keeps the order):
//   <id>.bin    the bytes, fsynced before the manifest exists
//   <id>.json   { key, contentType, size }; written (tmp + fsync + rename) only after the bytes, so a
//               manifest always has its complete file. A .bin without a .json is an `add` that
//               died midway (its caller never got an answer) and is removed at start.
//
// Delivery is at least once: `onUploaded` runs after the store confirmed and before the spool copy
// goes, so a crash in between uploads again and calls it again; its receiver must be idempotent.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@candor/runtime';
import type { RecordingStorage } from './types';
import { assertValidKey } from './keys';

export interface SpoolOptions {
  /** the spool folder (created if missing); on the same disk as the files added, ideally */
  dir: string;
  storage: RecordingStorage;
  logger?: Logger;
  /** first retry delay (default 500 ms); doubles per failed attempt up to maxDelayMs (default 30 s) */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** called once the store confirmed an entry, before its spool copy is removed (at least once) */
  onUploaded?: (entry: SpoolEntry) => void | Promise<void>;
  /** called after each failed attempt (tests and metrics); the entry is retried after `retryInMs` */
  onAttemptFailed?: (entry: SpoolEntry, error: unknown, attempt: number, retryInMs: number) => void;
}

export interface SpoolEntry {
  id: string;
  key: string;
  contentType: string;
  size: number;
}

export interface Spool {
  /** Resumes what an earlier process left in the spool folder and starts uploading. */
  start(): Promise<void>;
  /**
   * Copies (or with `move`, renames) a finished file into the spool and queues its upload. Resolves
   * once the spool copy is durable, not when it is uploaded.
   */
  add(key: string, localFilePath: string, options: { contentType: string; move?: boolean }): Promise<SpoolEntry>;
  /** Keys waiting to be uploaded, oldest first. */
  pending(): string[];
  /** Resolves when nothing is waiting (now, or as soon as the queue drains). */
  idle(): Promise<void>;
  /** Stops retrying; an attempt in flight finishes first. Entries stay on disk for the next start. */
  close(): Promise<void>;
}

/** Delay before retry number `attempt` (1-based): initial · 2^(attempt−1), capped at max. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 30));
}

async function fsync(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function newId(): string {
  // Time first (fixed width, base 36) so a folder listing sorts oldest first.
  return `${Date.now().toString(36).padStart(10, '0')}-${randomBytes(6).toString('hex')}`;
}

export function createSpool(options: SpoolOptions): Spool {
  const { dir, storage, logger } = options;
  const initialMs = options.initialDelayMs ?? 500;
  const maxMs = options.maxDelayMs ?? 30_000;
  const queue: SpoolEntry[] = [];
  const known = new Set<string>();
  let worker: Promise<void> | undefined;
  let closed = false;
  let wake: (() => void) | undefined;
  let idleWaiters: (() => void)[] = [];

  const dataPath = (id: string) => join(dir, `${id}.bin`);
  const manifestPath = (id: string) => join(dir, `${id}.json`);

  function enqueue(entry: SpoolEntry): void {
    if (known.has(entry.id)) return;
    known.add(entry.id);
    queue.push(entry);
    queue.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    kick();
  }

  function kick(): void {
    if (worker || closed) return;
    worker = run().finally(() => {
      worker = undefined;
      if (queue.length > 0) kick(); // added between the loop's last check and here
    });
  }

  async function uploadOne(entry: SpoolEntry): Promise<void> {
    await storage.put(entry.key, dataPath(entry.id), { contentType: entry.contentType });
    const stored = await storage.stat(entry.key);
    if (stored?.size !== entry.size) {
      throw new Error(`store has ${stored ? `${stored.size} bytes` : 'nothing'} for ${entry.key} after upload, expected ${entry.size}`);
    }
    await options.onUploaded?.(entry);
    await rm(manifestPath(entry.id), { force: true }); // manifest first: a lone .bin is cleaned at start
    await rm(dataPath(entry.id), { force: true });
  }

  async function run(): Promise<void> {
    let attempt = 0;
    while (!closed && queue.length > 0) {
      const entry = queue[0]!;
      try {
        await uploadOne(entry);
        // By identity, not shift(): start() may have sorted an older entry in front meanwhile.
        queue.splice(queue.indexOf(entry), 1);
        known.delete(entry.id);
        attempt = 0;
        logger?.info({ key: entry.key, size: entry.size }, 'recording file uploaded from spool');
      } catch (err) {
        attempt++;
        const delay = backoffDelay(attempt, initialMs, maxMs);
        logger?.warn({ err, key: entry.key, attempt, retryInMs: delay }, 'recording upload failed; will retry');
        try {
          options.onAttemptFailed?.(entry, err, attempt, delay);
        } catch (hookError) {
          logger?.error({ err: hookError }, 'onAttemptFailed threw'); // a listener cannot stop the retries
        }
        if (!closed) await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    }
    if (queue.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  return {
    async start() {
      await mkdir(dir, { recursive: true });
      const names = (await readdir(dir)).sort();
      const manifests = new Set(names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)));
      for (const name of names) {
        if (name.endsWith('.tmp') || (name.endsWith('.bin') && !manifests.has(name.slice(0, -4)))) {
          logger?.warn({ file: name }, 'removing an incomplete spool file (its add never finished)');
          await rm(join(dir, name), { force: true });
        }
      }
      for (const id of manifests) {
        let entry: SpoolEntry;
        try {
          const m = JSON.parse(await readFile(manifestPath(id), 'utf8')) as Omit<SpoolEntry, 'id'>;
          entry = { id, key: m.key, contentType: m.contentType, size: m.size };
          assertValidKey(entry.key);
          const { size } = await stat(dataPath(id));
          if (size !== entry.size) throw new Error(`spool file has ${size} bytes, manifest says ${entry.size}`);
        } catch (err) {
          // Cannot happen with the write order above short of disk corruption; keep the files for
          // a person to look at rather than delete what may be the only copy.
          logger?.error({ err, id }, 'unreadable spool entry left in place');
          continue;
        }
        enqueue(entry);
      }
    },

    async add(key, localFilePath, { contentType, move = false }) {
      assertValidKey(key);
      if (closed) throw new Error('spool is closed');
      await mkdir(dir, { recursive: true });
      const id = newId();
      const data = dataPath(id);
      let moved = false;
      if (move) {
        try {
          await rename(localFilePath, data);
          moved = true;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err; // another disk: copy below
        }
      }
      if (!moved) await copyFile(localFilePath, data);
      await fsync(data);
      const { size } = await stat(data);
      const entry: SpoolEntry = { id, key, contentType, size };
      const tmp = `${manifestPath(id)}.tmp`;
      await writeFile(tmp, JSON.stringify({ key, contentType, size }));
      await fsync(tmp);
      await rename(tmp, manifestPath(id));
      await fsync(dir);
      if (move && !moved) await rm(localFilePath, { force: true });
      enqueue(entry);
      return entry;
    },

    pending() {
      return queue.map((e) => e.key);
    },

    idle() {
      if (queue.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },

    async close() {
      closed = true;
      wake?.();
      await worker;
    },
  };
}
