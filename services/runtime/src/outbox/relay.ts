// The outbox relay: a loop that puts a service's committed events on the bus in position order,
// woken by local appends or by its poll timer, backing off while the bus is unreachable. Every
// `pruneEveryMs` it also deletes rows published long enough ago (prune.ts).
import type { MessageBus } from '../bus/types';
import { createLogger, type Logger } from '../logging';
import type { SqlClient } from '../sql/types';
import { pruneOutbox, type OutboxPruning } from './prune';
import { publishBatch } from './publish-batch';

export interface OutboxRelayOptions {
  sql: SqlClient;
  schema: string;
  bus: MessageBus;
  /** rows per publish (default 100) */
  batchSize?: number;
  /** how often to look for rows when nothing woke the relay (default 500 ms) */
  pollIntervalMs?: number;
  /**
   * after a wake whose look found no row (an older transaction in flight may hold the new rows
   * back), how long the relay keeps looking every 10 ms before it sleeps again (default: the poll
   * interval, at most 1 s)
   */
  eagerWindowMs?: number;
  /** retry delay after a failed publish: doubles from `initialMs` up to `maxMs` (100 ms, 30 s) */
  backoff?: { initialMs?: number; maxMs?: number };
  logger?: Logger;
  /** subscribes to "events were appended" (e.g. `store.onAppended`); returns the unsubscribe */
  wake?: (listener: () => void) => () => void;
  /** how often published rows are pruned (default 1 minute; 0: never) and which */
  pruneEveryMs?: number;
  pruning?: OutboxPruning;
}

export interface OutboxRelay {
  start(): Promise<void>;
  /** Stops the loop; resolves once a batch in flight has finished. */
  stop(): Promise<void>;
  /** Publishes everything visible now; rejects if the bus does. Returns how many rows went out. */
  drain(): Promise<number>;
}

export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const initialBackoffMs = options.backoff?.initialMs ?? 100;
  const maxBackoffMs = options.backoff?.maxMs ?? 30_000;
  const eagerRetryMs = 10;
  const eagerWindowMs = options.eagerWindowMs ?? Math.min(pollIntervalMs, 1_000);
  const logger = options.logger ?? createLogger('outbox-relay', 'warn');
  const pruneEveryMs = options.pruneEveryMs ?? 60_000;
  let lastPrune = Date.now();
  const pruneWhenDue = async () => {
    if (pruneEveryMs <= 0 || Date.now() - lastPrune < pruneEveryMs) return;
    lastPrune = Date.now();
    try {
      const pruned = await pruneOutbox(options.sql, options.schema, options.pruning);
      if (pruned > 0) logger.debug({ schema: options.schema, pruned }, 'pruned published outbox rows');
    } catch (error) {
      logger.warn({ err: error, schema: options.schema }, 'could not prune the outbox; trying again later');
    }
  };

  let running = false;
  let loop: Promise<void> | undefined;
  let unsubscribe: (() => void) | undefined;
  let appendedMeanwhile = false;
  // After a wake the new rows may still be held back by an older transaction in flight; until
  // then the relay looks again every few ms rather than sleeping a whole poll interval.
  let eagerUntil = 0;
  let pause: { end: () => void; wakeable: boolean } | undefined;

  // Batches of this relay never overlap (the loop and a drain() from a test, say).
  let tail: Promise<unknown> = Promise.resolve();
  const nextBatch = (): Promise<number | 'busy'> => {
    const batch = tail.then(() => publishBatch(options, batchSize));
    tail = batch.catch(() => undefined);
    return batch;
  };

  const sleep = (ms: number, wakeable: boolean) =>
    new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(timer);
        pause = undefined;
        resolve();
      };
      const timer = setTimeout(end, ms);
      pause = { end, wakeable };
    });

  const onAppended = () => {
    appendedMeanwhile = true;
    eagerUntil = Date.now() + eagerWindowMs;
    // an append does not cut a backoff short: the bus is still down
    if (pause?.wakeable) pause.end();
  };

  const run = async () => {
    let failures = 0;
    while (running) {
      let waitMs = pollIntervalMs;
      appendedMeanwhile = false;
      try {
        const published = await nextBatch();
        failures = 0;
        if (published === batchSize || appendedMeanwhile) waitMs = 0;
        else if (published === 0 && Date.now() < eagerUntil) waitMs = Math.min(eagerRetryMs, pollIntervalMs);
        else if (published !== 'busy' && published > 0) eagerUntil = 0;
        // pruning waits for a quiet moment: never between two full batches of a backlog
        if (published !== batchSize) await pruneWhenDue();
      } catch (error) {
        failures += 1;
        waitMs = Math.min(maxBackoffMs, initialBackoffMs * 2 ** Math.min(failures - 1, 30));
        try {
          logger.warn(
            { err: error, schema: options.schema, failures, retryInMs: waitMs },
            'outbox relay could not publish; the rows stay in the outbox and will be retried',
          );
        } catch {
          // a broken logger must not stop the relay
        }
      }
      if (waitMs > 0 && running) await sleep(waitMs, failures === 0);
    }
  };

  return {
    async start() {
      if (running) return;
      running = true;
      unsubscribe = options.wake?.(onAppended);
      loop = run();
    },

    async stop() {
      running = false;
      unsubscribe?.();
      unsubscribe = undefined;
      pause?.end();
      await loop;
      await tail;
      loop = undefined;
    },

    async drain() {
      let total = 0;
      for (;;) {
        const published = await nextBatch();
        if (published === 'busy') return total;
        total += published;
        if (published < batchSize) return total;
      }
    },
  };
}
