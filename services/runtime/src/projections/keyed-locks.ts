// Per-key mutual exclusion within one process, for the projection runner: a batch holds the locks of
// every document it touches from its reads until its writes are acknowledged, so two batches (say,
// of two partitions) never read the same document before the other has written it.
export type AcquireLocks = (keys: Iterable<string>) => Promise<() => void>;

/** `acquire(keys)` resolves once the caller holds every key; call its answer to release them all. */
export function createKeyedLocks(): AcquireLocks {
  const tails = new Map<string, Promise<void>>();
  return async (keys) => {
    // One global order, so two callers that want overlapping keys cannot each hold what the other waits for.
    const sorted = [...new Set(keys)].sort();
    const releases: (() => void)[] = [];
    for (const key of sorted) {
      // tails never reject: each is "the previous holder released"
      const previous = tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const tail = previous.then(() => held);
      tails.set(key, tail);
      releases.push(() => {
        release();
        void tail.then(() => tails.get(key) === tail && tails.delete(key));
      });
      await previous;
    }
    return () => releases.forEach((release) => release());
  };
}
