// Group commit (group-commit.ts), on PGlite and on a real Postgres server: appends that wait while
// a transaction is in flight go together in the next one, and each keeps its own expected version,
// its own conflict, its own error and its stream's order.
import { describeEachDatabase, type TestDatabase } from '../../test/test-databases';
import type { SqlClient } from '../sql/types';
import { createPostgresEventStore, type PostgresEventStore } from './postgres-event-store';
import { ConcurrencyError, type NewEvent } from './types';

const metadata = { occurredAt: '2026-01-01T00:00:00.000Z', actorId: 'recruiter-1' };
const event = (type: string, data: unknown = {}): NewEvent => ({ type, data, metadata });

/**
 * A store writing one group at a time whose first transaction waits for `release()`: every append
 * made meanwhile queues, and all of them go in the next transaction. Counts the transactions.
 */
async function gatedStore(db: TestDatabase, schema = db.newSchema()) {
  const base = db.sql();
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  let transactions = 0;
  const sql: SqlClient = {
    ...base,
    transaction: (work) => {
      transactions += 1;
      const first = transactions === 1;
      return base.transaction(async (tx) => {
        const result = await work(tx);
        if (first) await gate;
        return result;
      });
    },
  };
  const store = createPostgresEventStore({ sql, schema, topic: 'candor.test.events', groupCommit: { maxInFlight: 1 } });
  const plain = createPostgresEventStore({ sql: base, schema, topic: 'candor.test.events' });
  await plain.init();
  return { store, plain, release, transactions: () => transactions };
}

describeEachDatabase('event store group commit', (db) => {
  test('concurrent appends share one transaction; each stream gets its events in call order with exact versions', async () => {
    const { store, release, transactions } = await gatedStore(db);
    const first = store.append('opener', [event('Opened')], { expectedVersion: 0 });
    // 12 streams × 4 appends, all called before any has committed, each expecting the version the
    // previous append to its stream leaves: only right if every stream's appends run in call order
    const appends = Array.from({ length: 12 }, (_, stream) =>
      Array.from({ length: 4 }, (_, i) =>
        store.append(`stream-${stream}`, [event('Happened', { i }), event('Noted', { i })], { expectedVersion: 2 * i }),
      ),
    ).flat();
    release();
    await first;
    const results = await Promise.all(appends);
    expect(results.map((result) => result.nextVersion)).toEqual(Array.from({ length: 12 }, () => [2, 4, 6, 8]).flat());
    // one gated transaction, then one per round of a stream's appends (a group holds one append per stream)
    expect(transactions()).toBe(1 + 4);
    for (let stream = 0; stream < 12; stream++) {
      const events = await store.readStream(`stream-${stream}`);
      expect(events.map((e) => [e.streamVersion, e.type, (e.data as { i: number }).i])).toEqual(
        [0, 1, 2, 3].flatMap((i) => [[2 * i + 1, 'Happened', i], [2 * i + 2, 'Noted', i]]),
      );
    }
    // each append's last position is its own last event's
    const lastOfStream0 = (await store.readStream('stream-0')).at(-1)!;
    expect(results[3]!.lastPosition).toBe(lastOfStream0.position);
  });

  test('a conflict is reported to exactly the appends that lost, and the rest of their group lands', async () => {
    const { store, plain, release, transactions } = await gatedStore(db);
    for (let stream = 0; stream < 10; stream++) await plain.append(`s-${stream}`, [event('Created')], { expectedVersion: 0 });
    const first = store.append('opener', [event('Opened')], { expectedVersion: 0 });
    const outcomes = Array.from({ length: 10 }, (_, stream) =>
      store.append(`s-${stream}`, [event('Changed', { stream })], { expectedVersion: stream % 3 === 0 ? 0 : 1 }),
    );
    release();
    await first;
    const settled = await Promise.allSettled(outcomes);
    expect(transactions()).toBe(2);
    settled.forEach((outcome, stream) => {
      if (stream % 3 === 0) {
        expect(outcome.status).toBe('rejected');
        const reason = (outcome as PromiseRejectedResult).reason as ConcurrencyError;
        expect(reason).toBeInstanceOf(ConcurrencyError);
        expect(reason).toMatchObject({ streamId: `s-${stream}`, expectedVersion: 0, actualVersion: 1 });
      } else {
        expect(outcome).toEqual({ status: 'fulfilled', value: { nextVersion: 2, lastPosition: expect.any(Number) } });
      }
    });
    for (let stream = 0; stream < 10; stream++) {
      expect((await store.readStream(`s-${stream}`)).map((e) => e.type)).toEqual(stream % 3 === 0 ? ['Created'] : ['Created', 'Changed']);
    }
  });

  test('an appendMany in a group stays all or nothing: one losing stream keeps all of its streams unwritten', async () => {
    const { store, plain, release } = await gatedStore(db);
    await plain.append('taken', [event('Claimed')], { expectedVersion: 0 });
    const first = store.append('opener', [event('Opened')], { expectedVersion: 0 });
    const both = store.appendMany([
      { streamId: 'org-1', events: [event('OrgCreated')], expectedVersion: 0 },
      { streamId: 'taken', events: [event('Claimed')], expectedVersion: 0 },
    ]);
    const other = store.append('org-2', [event('OrgCreated')], { expectedVersion: 0 });
    release();
    await first;
    await expect(both).rejects.toMatchObject({ name: 'ConcurrencyError', streamId: 'taken' });
    await expect(other).resolves.toMatchObject({ nextVersion: 1 });
    expect(await store.readStream('org-1')).toEqual([]);
    expect((await store.readStream('taken')).length).toBe(1);
  });

  test('an append Postgres refuses fails alone; the others of its group are retried and land', async () => {
    const { store, release } = await gatedStore(db);
    const first = store.append('opener', [event('Opened')], { expectedVersion: 0 });
    const good = [1, 2, 3].map((n) => store.append(`good-${n}`, [event('Fine', { n })], { expectedVersion: 0 }));
    // jsonb has no \u0000: the server rejects this event's data
    const bad = store.append('bad', [event('Broken', { text: 'nul \u0000 here' })], { expectedVersion: 0 });
    release();
    await first;
    await expect(bad).rejects.toThrow();
    await expect(bad).rejects.not.toBeInstanceOf(ConcurrencyError);
    expect((await Promise.all(good)).map((result) => result.nextVersion)).toEqual([1, 1, 1]);
    expect(await store.readStream('bad')).toEqual([]);
    for (const n of [1, 2, 3]) expect((await store.readStream(`good-${n}`)).length).toBe(1);
  });

  // PGlite has one connection: two stores on it cannot race
  (db.concurrent ? test : test.skip)('two stores on one schema (two replicas) racing one stream: exactly one append wins', async () => {
    const schema = db.newSchema();
    const stores: PostgresEventStore[] = [0, 1].map(() => createPostgresEventStore({ sql: db.sql(), schema, topic: 'candor.test.events' }));
    await stores[0]!.init();
    await stores[0]!.append('shared', [event('Created')], { expectedVersion: 0 });
    const racing = Array.from({ length: 16 }, (_, i) =>
      stores[i % 2]!.append('shared', [event('Changed', { i })], { expectedVersion: 1 }),
    );
    const settled = await Promise.allSettled(racing);
    expect(settled.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of settled) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ConcurrencyError);
    expect((await stores[1]!.readStream('shared')).map((e) => e.streamVersion)).toEqual([1, 2]);
  });
});
