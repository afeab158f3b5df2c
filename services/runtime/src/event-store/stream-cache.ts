// A cache of streams in front of an event store, for a process that is the only writer of that
// store (the embedded mode: one process, and PGlite lets no other open the database). Then the
// process sees every append, so what it read is current until its own next append to the stream,
// and a page view that reads a stream (a candidate opening a link: the session's stream, folded
// and checked against the link ids) costs no query — on PGlite a query runs on the same event loop
// as the HTTP server, and was most of a link open's cost (docs/benchmarks.md).
//
// Never stale: every append to a stream drops it from the cache when it starts and again once it has
// committed (or failed), and a read during which any append started or ended is not kept, so the
// next read goes to the store. A restart starts empty. Bounded: the streams read
// least recently are forgotten.
import type { RecordedEvent } from '@candor/contracts';
import { BoundedMap } from '../projections/bounded-map';
import type { PostgresEventStore } from './postgres-event-store';

export interface StreamCacheOptions {
  /** streams kept (default 10,000) */
  maxStreams?: number;
}

export function withStreamCache(store: PostgresEventStore, options: StreamCacheOptions = {}): PostgresEventStore {
  const cached = new BoundedMap<string, readonly RecordedEvent[]>(options.maxStreams ?? 10_000);
  // moves at every append's start and end (any stream): a read that saw it move is not kept
  let epoch = 0;

  const appendMany: PostgresEventStore['appendMany'] = async (appends) => {
    const drop = () => {
      epoch++;
      for (const { streamId } of appends) cached.delete(streamId);
    };
    drop();
    try {
      return await store.appendMany(appends);
    } finally {
      // after the commit (or the failure): the next read of these streams goes to the store
      drop();
    }
  };

  return {
    ...store,
    appendMany,
    async append(streamId, events, { expectedVersion }) {
      const [result] = await appendMany([{ streamId, events, expectedVersion }]);
      return result!;
    },
    async readStream(streamId) {
      const hit = cached.get(streamId);
      if (hit) return [...hit];
      const before = epoch;
      const events = await store.readStream(streamId);
      // no append started or ended meanwhile: what was read is the stream as committed now (an append
      // still running from before drops it again when it ends)
      if (epoch === before) cached.set(streamId, events);
      return [...events];
    },
  };
}
