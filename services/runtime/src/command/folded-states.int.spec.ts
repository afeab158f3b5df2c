// Folded states kept per stream version (folded-states.ts) over a real event store, on PGlite and on
// a real Postgres server, with the embedded mode's stream cache in front and without (the distributed
// mode): a load after any append — through this process or another client, before a state was kept
// or after — shows exactly the fold of the whole stream; only events not folded yet are folded; a
// state a command keeps (write-through) is used, and never replaces a later one; a restart (a new
// instance on the same database) starts from the store.
import { describeEachDatabase, type TestDatabase } from '../../test/test-databases';
import { createPostgresEventStore } from '../event-store/postgres-event-store';
import { withStreamCache } from '../event-store/stream-cache';
import type { EventStore, NewEvent } from '../event-store/types';
import { foldedStates, type Fold } from './folded-states';

const metadata = { occurredAt: '2026-01-01T00:00:00.000Z', actorId: 'recruiter-1' };
const event = (type: string): NewEvent => ({ type, data: { type }, metadata });

interface Folded {
  seen: string[];
}
/** A fold that records what it folded, and counts its calls. */
function recordingFold() {
  const calls = { count: 0 };
  const fold: Fold<Folded, { type: string }> = {
    initialState: () => ({ seen: [] }),
    evolve(state, { type }) {
      calls.count++;
      return { seen: [...state.seen, type] };
    },
  };
  return { fold, calls };
}

async function storeOn(db: TestDatabase, schema: string, sql = db.sql()) {
  const store = createPostgresEventStore({ sql, schema, topic: 'candor.test.events' });
  await store.init();
  return store;
}

describeEachDatabase('folded states', (db) => {
  for (const mode of ['distributed (no stream cache)', 'embedded (stream cache in front)'] as const) {
    describe(mode, () => {
      const wrap = (store: Awaited<ReturnType<typeof storeOn>>): EventStore =>
        mode.startsWith('embedded') ? withStreamCache(store) : store;

      test('a load after an append shows it, folding only the new events', async () => {
        const store = wrap(await storeOn(db, db.newSchema()));
        const { fold, calls } = recordingFold();
        const states = foldedStates(store, fold);
        await store.append('s-1', [event('A'), event('B')], { expectedVersion: 0 });
        expect(await states.load('s-1')).toEqual({ state: { seen: ['A', 'B'] }, version: 2 });
        expect(await states.load('s-1')).toEqual({ state: { seen: ['A', 'B'] }, version: 2 });
        expect(calls.count).toBe(2);
        // e.g. a revoke reaching the session: the next load sees it
        await store.append('s-1', [event('Revoked')], { expectedVersion: 2 });
        expect(await states.load('s-1')).toEqual({ state: { seen: ['A', 'B', 'Revoked'] }, version: 3 });
        expect(calls.count).toBe(3);
        expect(await states.load('nobody')).toEqual({ state: { seen: [] }, version: 0 });
      });

      test('a kept state (write-through) is used as it is, and an append after it is still seen', async () => {
        const store = wrap(await storeOn(db, db.newSchema()));
        const { fold, calls } = recordingFold();
        const states = foldedStates(store, fold);
        const appended = await store.append('s-1', [event('A')], { expectedVersion: 0 });
        states.keep('s-1', { state: { seen: ['A'] }, version: appended.nextVersion });
        expect((await states.load('s-1')).state).toEqual({ seen: ['A'] });
        expect(calls.count).toBe(0);
        await store.append('s-1', [event('B')], { expectedVersion: 1 });
        expect((await states.load('s-1')).state).toEqual({ seen: ['A', 'B'] });
        expect(calls.count).toBe(1);
      });

    });
  }

  test('a load that read before a write committed never replaces the state that write kept', async () => {
    const base = await storeOn(db, db.newSchema());
    const { fold } = recordingFold();
    // the slow read: it has its rows (version 1) before the write below commits
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reading!: () => void;
    const readHasRows = new Promise<void>((resolve) => (reading = resolve));
    const slow: EventStore = {
      ...base,
      async readStream(streamId) {
        const events = await base.readStream(streamId);
        reading();
        await held;
        return events;
      },
    };
    const states = foldedStates(slow, fold);
    await base.append('s-1', [event('A')], { expectedVersion: 0 });
    const loading = states.load('s-1');
    await readHasRows;
    const written = await base.append('s-1', [event('B')], { expectedVersion: 1 });
    states.keep('s-1', { state: { seen: ['A', 'B'] }, version: written.nextVersion });
    release();
    // the slow load answers what it read (it began before the write finished) …
    expect((await loading).version).toBe(1);
    // … and the next load has the written state, not the slow load's older one
    expect(await foldedStates(base, fold).load('s-1')).toEqual({ state: { seen: ['A', 'B'] }, version: 2 });
    expect((await states.load('s-1')).state).toEqual({ seen: ['A', 'B'] });
  });

  test('another writer’s append (a second replica) is seen by the next load, in the distributed mode', async () => {
    const schema = db.newSchema();
    const mine = await storeOn(db, schema);
    const theirs = await storeOn(db, schema, db.connect());
    const { fold } = recordingFold();
    const states = foldedStates(mine, fold);
    await mine.append('s-1', [event('A')], { expectedVersion: 0 });
    expect((await states.load('s-1')).version).toBe(1);
    await theirs.append('s-1', [event('Revoked')], { expectedVersion: 1 });
    expect((await states.load('s-1')).state).toEqual({ seen: ['A', 'Revoked'] });
  });

  test('a restart starts from the store: a new instance on the same database folds the whole stream', async () => {
    const schema = db.newSchema();
    const before = withStreamCache(await storeOn(db, schema));
    const first = recordingFold();
    const states = foldedStates(before, first.fold);
    await before.append('s-1', [event('A')], { expectedVersion: 0 });
    await states.load('s-1');
    await before.append('s-1', [event('Revoked')], { expectedVersion: 1 });
    // the process stops here; a new one starts on the same database
    const after = withStreamCache(await storeOn(db, schema, db.connect()));
    const second = recordingFold();
    expect(await foldedStates(after, second.fold).load('s-1')).toEqual({ state: { seen: ['A', 'Revoked'] }, version: 2 });
    expect(second.calls.count).toBe(2);
  });
});
