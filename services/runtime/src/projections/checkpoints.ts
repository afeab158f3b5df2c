// Per-stream checkpoints of one projection, for read-your-writes: `waitFor(stream, position)` answers
// as soon as the projection has handled that stream up to that position. This process's own applies
// wake waiters at once. Another replica (or the `consumers` process) may be the one doing the work,
// so the shared collection is also read — by one poller per projection and process, each waiting
// stream read less and less often, every stream due read in one call, and one call at a time: many
// waiters must not turn into a flood of reads on the store.
import type { DocumentStore } from '../documents/types';
import { BoundedMap } from './bounded-map';

export const checkpointCollection = 'projection_checkpoints';

export interface Checkpoint {
  _id: string;
  projection: string;
  streamId: string;
  position: number;
}

export interface CheckpointPolling {
  /** a waiter's first read of the shared collection, after this long (default 100 ms) */
  firstPollMs?: number;
  /** the delay doubles per read up to this (default 1 s) */
  maxPollMs?: number;
  /** at least this long between two reads of the poller (default 5 ms; each read covers every stream due) */
  minGapMs?: number;
  /**
   * streams whose checkpoint this process remembers (default 10,000); the least recently applied
   * ones are forgotten and read back from the shared collection when asked about
   */
  rememberStreams?: number;
}

interface Waiter {
  position: number;
  resolve(reached: boolean): void;
  nextPollAt: number;
  delayMs: number;
}

export function createCheckpoints(projection: string, documents: DocumentStore, polling: CheckpointPolling = {}) {
  const firstPollMs = polling.firstPollMs ?? 100;
  const maxPollMs = polling.maxPollMs ?? 1000;
  const minGapMs = polling.minGapMs ?? 5;
  const collection = documents.collection<Checkpoint>(checkpointCollection);
  // Bounded, so a process that runs for months does not hold a number per stream it ever saw:
  // what is forgotten is still in the collection (waitFor polls it; record reads before writing).
  const reached = new BoundedMap<string, number>(polling.rememberStreams ?? 10_000);
  // streams whose checkpoint document this process has seen or written: replaced without a look first
  const stored = new BoundedMap<string, true>(polling.rememberStreams ?? 10_000);
  const waiters = new Map<string, Set<Waiter>>();
  const idOf = (streamId: string) => `${projection}:${streamId}`;
  const toCheckpoint = ([streamId, position]: [string, number]): Checkpoint => ({ _id: idOf(streamId), projection, streamId, position });

  const learn = (streamId: string, position: number) => {
    if ((reached.get(streamId) ?? 0) >= position) return;
    reached.set(streamId, position);
    const waiting = waiters.get(streamId);
    if (!waiting) return;
    for (const waiter of waiting) if (waiter.position <= position) waiter.resolve(true);
  };

  let pollTimer: NodeJS.Timeout | undefined;
  let pollRunning = false;
  const schedulePoll = () => {
    if (pollRunning) return; // the running poll schedules the next one when it ends
    clearTimeout(pollTimer);
    let next = Infinity;
    for (const waiting of waiters.values()) for (const waiter of waiting) next = Math.min(next, waiter.nextPollAt);
    if (next === Infinity) return;
    pollTimer = setTimeout(() => void poll(), Math.max(0, next - Date.now()));
    pollTimer.unref?.();
  };

  /** One read of the shared collection for every waiting stream that is due (at most 500 per read). */
  async function poll(): Promise<void> {
    pollRunning = true;
    try {
      const now = Date.now();
      const due: [string, Waiter[]][] = [];
      for (const [streamId, waiting] of waiters) {
        const dueHere = [...waiting].filter((waiter) => waiter.nextPollAt <= now);
        if (dueHere.length) due.push([streamId, dueHere]);
        if (due.length === 500) break;
      }
      if (due.length === 0) return;
      try {
        for (const found of await collection.getMany(due.map(([streamId]) => idOf(streamId)))) {
          stored.set(found.streamId, true);
          learn(found.streamId, found.position);
        }
      } catch {
        // the store is unreachable: the waiters keep their own timeouts
      }
      for (const [, dueHere] of due) {
        for (const waiter of dueHere) {
          waiter.delayMs = Math.min(waiter.delayMs * 2, maxPollMs);
          waiter.nextPollAt = Date.now() + waiter.delayMs;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, minGapMs));
    } finally {
      pollRunning = false;
      schedulePoll();
    }
  }

  return {
    /**
     * Moves the streams' checkpoints forward, one write call for the new ones. A checkpoint this
     * process already knows is replaced without reading it first; after a rebalance it may thus
     * briefly go back, when an older event is delivered again, until the newer ones follow (they
     * do: the bus redelivers in order). It never claims a position that was not applied.
     */
    async record(positions: Map<string, number>): Promise<void> {
      const due = [...positions].filter(([streamId, position]) => (reached.get(streamId) ?? 0) < position);
      if (due.length === 0) return;
      const known = due.filter(([streamId]) => stored.has(streamId));
      const fresh = due.filter(([streamId]) => !stored.has(streamId));
      const taken = new Set(await collection.insertNew(fresh.map(toCheckpoint)));
      await collection.putMany(known.map(toCheckpoint));
      const learned = new Map(due);
      // written before by another process (or before a restart): keep the higher of the two
      for (const [streamId, position] of fresh.filter(([streamId]) => taken.has(idOf(streamId)))) {
        const found = await collection.get(idOf(streamId));
        if (!found || found.position < position) await collection.put(toCheckpoint([streamId, position]));
        else learned.set(streamId, found.position);
      }
      for (const [streamId, position] of learned) {
        stored.set(streamId, true);
        learn(streamId, position);
      }
    },

    waitFor(streamId: string, position: number, timeoutMs: number): Promise<boolean> {
      if ((reached.get(streamId) ?? 0) >= position) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        let waiting = waiters.get(streamId);
        if (!waiting) waiters.set(streamId, (waiting = new Set()));
        const waiter: Waiter = {
          position,
          nextPollAt: Date.now() + Math.min(firstPollMs, timeoutMs),
          delayMs: firstPollMs,
          resolve: (answer) => {
            clearTimeout(timer);
            waiting.delete(waiter);
            if (waiting.size === 0 && waiters.get(streamId) === waiting) waiters.delete(streamId);
            resolve(answer);
          },
        };
        const timer = setTimeout(() => waiter.resolve(false), timeoutMs);
        waiting.add(waiter);
        schedulePoll();
      });
    },

    /** Every stored checkpoint of this projection (for a read-model snapshot). */
    all: (): Promise<Checkpoint[]> => collection.find({ projection }),

    /** Puts back the checkpoints of a snapshot (after `clear`). */
    async restore(saved: Checkpoint[]): Promise<void> {
      await collection.putMany(saved);
      for (const { streamId, position } of saved) {
        stored.set(streamId, true);
        learn(streamId, position);
      }
    },

    /** Forgets every checkpoint of this projection (before a rebuild). */
    async clear(): Promise<void> {
      reached.clear();
      stored.clear();
      const found = await collection.find({ projection });
      for (const checkpoint of found) await collection.delete(checkpoint._id);
    },
  };
}
