// The stream cache (stream-cache.ts) on PGlite and on a real Postgres server: reads between appends
// are answered from memory, and no read ever returns a stream older than the last append that
// finished before it began — after a write, a failed (conflicting) write, writes racing reads, and
// when the cache is full.
import { describeEachDatabase, type TestDatabase } from '../../test/test-databases';
import { createPostgresEventStore, type PostgresEventStore } from './postgres-event-store';
import { withStreamCache } from './stream-cache';
import { ConcurrencyError, type NewEvent } from './types';

const metadata = { occurredAt: '2026-01-01T00:00:00.000Z', actorId: 'recruiter-1' };
const event = (type: string, data: unknown = {}): NewEvent => ({ type, data, metadata });

/** The real store with its stream reads counted, and the cache in front of it. */
async function stores(db: TestDatabase, maxStreams?: number) {
  const store = createPostgresEventStore({ sql: db.sql(), schema: db.newSchema(), topic: 'candor.test.events' });
  await store.init();
  // `hold`: a read that has its rows waits for it before answering (a slow reader, on demand)
  const reads: { count: number; hold?: Promise<void> } = { count: 0 };
  const counted: PostgresEventStore = {
    ...store,
    async readStream(streamId) {
      reads.count++;
      const events = await store.readStream(streamId);
      await reads.hold;
      return events;
    },
  };
  return { store, reads, cached: withStreamCache(counted, { maxStreams }) };
}

const typesOf = (events: { type: string }[]) => events.map((e) => e.type);

describeEachDatabase('stream cache', (db) => {
  test('answers repeated reads from memory, and a read after an append from the store', async () => {
    const { cached, reads } = await stores(db);
    await cached.append('s-1', [event('A')], { expectedVersion: 0 });
    expect(typesOf(await cached.readStream('s-1'))).toEqual(['A']);
    expect(typesOf(await cached.readStream('s-1'))).toEqual(['A']);
    expect(reads.count).toBe(1);

    await cached.append('s-1', [event('B')], { expectedVersion: 1 });
    const after = await cached.readStream('s-1');
    expect(typesOf(after)).toEqual(['A', 'B']);
    expect(after.map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(reads.count).toBe(2);
    // an append to another stream leaves this one cached
    await cached.append('s-2', [event('C')], { expectedVersion: 0 });
    expect(typesOf(await cached.readStream('s-1'))).toEqual(['A', 'B']);
    expect(reads.count).toBe(2);
  });

  test('a conflicting append is still refused, and the stream read after it is the committed one', async () => {
    const { cached } = await stores(db);
    await cached.append('s-1', [event('A')], { expectedVersion: 0 });
    await cached.readStream('s-1');
    await expect(cached.append('s-1', [event('Lost')], { expectedVersion: 0 })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect(typesOf(await cached.readStream('s-1'))).toEqual(['A']);
  });

  test('appendMany drops every stream it wrote', async () => {
    const { cached } = await stores(db);
    await cached.appendMany([
      { streamId: 'a', events: [event('A1')], expectedVersion: 0 },
      { streamId: 'b', events: [event('B1')], expectedVersion: 0 },
    ]);
    await cached.readStream('a');
    await cached.readStream('b');
    await cached.appendMany([
      { streamId: 'a', events: [event('A2')], expectedVersion: 1 },
      { streamId: 'b', events: [event('B2')], expectedVersion: 1 },
    ]);
    expect(typesOf(await cached.readStream('a'))).toEqual(['A1', 'A2']);
    expect(typesOf(await cached.readStream('b'))).toEqual(['B1', 'B2']);
  });

  test('reads racing appends never leave a stale stream behind', async () => {
    const { cached, store } = await stores(db);
    for (let version = 0; version < 30; version++) {
      // a read issued before, with and after the append, in every order the event loop gives
      await Promise.all([
        cached.readStream('race'),
        cached.append('race', [event(`E${version + 1}`)], { expectedVersion: version }),
        cached.readStream('race'),
      ]);
      // once the append has finished, every read sees it
      const cachedRead = await cached.readStream('race');
      expect(cachedRead).toHaveLength(version + 1);
      expect(cachedRead).toEqual(await store.readStream('race'));
    }
  });

  test('a read that began before an append and answers after it is not kept', async () => {
    const { cached, reads } = await stores(db);
    await cached.append('slow', [event('A')], { expectedVersion: 0 });
    let release!: () => void;
    reads.hold = new Promise((resolve) => (release = resolve));
    const slow = cached.readStream('slow'); // has read [A], answers only when released
    await new Promise((resolve) => setTimeout(resolve, 50));
    reads.hold = undefined;
    await cached.append('slow', [event('B')], { expectedVersion: 1 });
    release();
    expect(typesOf(await slow)).toEqual(['A']);
    expect(typesOf(await cached.readStream('slow'))).toEqual(['A', 'B']);
  });

  test('keeps at most maxStreams streams: the others are read again', async () => {
    const { cached, reads } = await stores(db, 2);
    for (const id of ['x', 'y', 'z']) await cached.append(id, [event(id)], { expectedVersion: 0 });
    for (const id of ['x', 'y', 'z']) await cached.readStream(id);
    expect(reads.count).toBe(3);
    await cached.readStream('z');
    await cached.readStream('y');
    expect(reads.count).toBe(3);
    expect(typesOf(await cached.readStream('x'))).toEqual(['x']);
    expect(reads.count).toBe(4);
  });

  test('callers get their own arrays: changing one does not change the cache', async () => {
    const { cached } = await stores(db);
    await cached.append('s', [event('A')], { expectedVersion: 0 });
    const first = await cached.readStream('s');
    first.pop();
    expect(typesOf(await cached.readStream('s'))).toEqual(['A']);
  });
});
