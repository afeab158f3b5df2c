// The event store contract, run on PGlite (in memory) and on a real Postgres server.
import type { RecordedEvent } from '@candor/contracts';
import { describeEachDatabase, type TestDatabase } from '../../test/test-databases';
import type { SqlClient } from '../sql/types';
import { createPostgresEventStore, type PostgresEventStore } from './postgres-event-store';
import { ConcurrencyError, type NewEvent } from './types';

const metadata = { occurredAt: '2026-01-01T00:00:00.000Z', actorId: 'recruiter-1' };
const event = (type: string, data: unknown = {}, internal = false): NewEvent => ({ type, data, metadata, internal });

async function newStore(db: TestDatabase): Promise<PostgresEventStore> {
  const store = createPostgresEventStore({ sql: db.sql(), schema: db.newSchema(), topic: 'candor.test.events' });
  await store.init();
  return store;
}

/** Other suites' transactions on the same server may hold readAll back for a moment. */
async function until(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function readEverything(store: PostgresEventStore, limit = 1000): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let page = await store.readAll({ after: 0, limit }); page.length > 0; ) {
    all.push(...page);
    page = await store.readAll({ after: page[page.length - 1]!.position, limit });
  }
  return all;
}

describeEachDatabase('postgres event store', (db) => {
  test('init is idempotent', async () => {
    const store = await newStore(db);
    await store.init();
    await store.init();
    expect(await store.readAll({ after: 0, limit: 10 })).toEqual([]);
  });

  test('appends and reads a stream back in version order', async () => {
    const store = await newStore(db);
    const first = await store.append('job-1', [event('JobCreated', { title: 'Engineer' }), event('QuestionAdded', { n: 1 })], { expectedVersion: 0 });
    const second = await store.append('job-1', [event('JobPublished')], { expectedVersion: 2 });
    expect(first.nextVersion).toBe(2);
    expect(second).toEqual({ nextVersion: 3, lastPosition: expect.any(Number) });
    expect(second.lastPosition).toBeGreaterThan(first.lastPosition);

    const events = await store.readStream('job-1');
    expect(events.map((e) => [e.type, e.streamVersion])).toEqual([['JobCreated', 1], ['QuestionAdded', 2], ['JobPublished', 3]]);
    expect(events[0]).toMatchObject({ streamId: 'job-1', data: { title: 'Engineer' }, metadata });
    expect(events[0]!.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(events[0]!.recordedAt).toISOString()).toBe(events[0]!.recordedAt);
    expect(typeof events[0]!.position).toBe('number');
    expect(events[2]!.position).toBe(second.lastPosition);
    expect(await store.readStream('nobody')).toEqual([]);
  });

  test('a wrong expected version is a ConcurrencyError and writes nothing', async () => {
    const store = await newStore(db);
    await store.append('invite-1', [event('CandidateInvited')], { expectedVersion: 0 });
    await expect(store.append('invite-1', [event('CandidateInvited')], { expectedVersion: 0 })).rejects.toMatchObject({
      name: 'ConcurrencyError',
      streamId: 'invite-1',
      expectedVersion: 0,
      actualVersion: 1,
    });
    await expect(store.append('invite-1', [event('LinkRevoked')], { expectedVersion: 5 })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append('invite-2', [event('LinkRevoked')], { expectedVersion: 1 })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.append('invite-1', [event('LinkRevoked')], { expectedVersion: 'any' })).toMatchObject({ nextVersion: 2 });
    expect((await store.readStream('invite-1')).length).toBe(2);
    expect(await store.readStream('invite-2')).toEqual([]);
  });

  test('of N appends racing on one stream with the same expected version exactly one wins', async () => {
    const store = await newStore(db);
    await store.append('session-1', [event('SessionStarted')], { expectedVersion: 0 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => store.append('session-1', [event('AnswerSaved', { i })], { expectedVersion: 1 })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream('session-1')).map((e) => e.streamVersion)).toEqual([1, 2]);
  });

  test("racing appends with 'any' all land, with consecutive versions", async () => {
    const store = await newStore(db);
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.append('room-1', [event('ParticipantJoined', { i })], { expectedVersion: 'any' })));
    expect((await store.readStream('room-1')).map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  test('readAll returns every stream in position order, page by page', async () => {
    const store = await newStore(db);
    for (let round = 0; round < 3; round++) {
      for (const stream of ['a', 'b', 'c']) await store.append(stream, [event('Happened', { round })], { expectedVersion: round });
    }
    await until(async () => (await store.readAll({ after: 0, limit: 100 })).length === 9);
    const pages: RecordedEvent[][] = [];
    let after = 0;
    for (let page = await store.readAll({ after, limit: 2 }); page.length > 0; page = await store.readAll({ after, limit: 2 })) {
      pages.push(page);
      after = page[page.length - 1]!.position;
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 2, 1]);
    const positions = pages.flat().map((e) => e.position);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(new Set(positions).size).toBe(9);
    expect(pages.flat().map((e) => e.streamId).join('')).toBe('abcabcabc');
  });

  test('internal events are stored and read but get no outbox row', async () => {
    const schema = db.newSchema();
    const store = createPostgresEventStore({ sql: db.sql(), schema, topic: 'candor.identity.events' });
    await store.init();
    const { lastPosition } = await store.append('account-1', [event('AccountRegistered'), event('PasswordSet', { hash: 'x' }, true)], { expectedVersion: 0 });
    const { rows } = await db.sql().query<{ position: number; topic: string; message_key: string }>(
      `SELECT position, topic, message_key FROM "${schema}".outbox ORDER BY position`,
    );
    expect(rows).toEqual([{ position: lastPosition - 1, topic: 'candor.identity.events', message_key: 'account-1' }]);
    expect((await store.readStream('account-1')).map((e) => e.type)).toEqual(['AccountRegistered', 'PasswordSet']);
  });

  test('appendMany writes several streams all or nothing', async () => {
    const store = await newStore(db);
    await store.append('email-x', [event('EmailClaimed')], { expectedVersion: 0 });
    await expect(
      store.appendMany([
        { streamId: 'org-1', events: [event('OrganisationCreated')], expectedVersion: 0 },
        { streamId: 'email-x', events: [event('EmailClaimed')], expectedVersion: 0 },
      ]),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream('org-1')).toEqual([]);

    const results = await store.appendMany([
      { streamId: 'org-2', events: [event('OrganisationCreated')], expectedVersion: 0 },
      { streamId: 'email-y', events: [event('EmailClaimed'), event('EmailVerified')], expectedVersion: 0 },
    ]);
    expect(results.map((r) => r.nextVersion)).toEqual([1, 2]);
    expect(results[1]!.lastPosition).toBe(results[0]!.lastPosition + 2);
  });

  test('onAppended hears committed appends only, and a throwing listener breaks nothing', async () => {
    const store = await newStore(db);
    const heard: unknown[] = [];
    store.onAppended(() => {
      throw new Error('listener bug');
    });
    const unsubscribe = store.onAppended((appended) => heard.push(appended));
    const result = await store.append('job-9', [event('JobCreated')], { expectedVersion: 0 });
    await expect(store.append('job-9', [event('JobCreated')], { expectedVersion: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
    unsubscribe();
    await store.append('job-9', [event('JobClosed')], { expectedVersion: 1 });
    expect(heard).toEqual([{ streamId: 'job-9', ...result }]);
  });

  test('rejects a bad expected version and a schema name that is not an identifier', async () => {
    const store = await newStore(db);
    await expect(store.append('s', [event('X')], { expectedVersion: -1 })).rejects.toBeInstanceOf(RangeError);
    expect(() => createPostgresEventStore({ sql: db.sql(), schema: 'x"; drop', topic: 't' })).toThrow(/identifier/);
  });

  // PGlite runs one transaction at a time: nothing to race there
  const concurrentTest = db.concurrent ? test : test.skip;

  concurrentTest('readAll holds back events committed after a lower position that is still in flight', async () => {
    let commit = () => {};
    const gate = new Promise<void>((resolve) => (commit = resolve));
    const base = db.sql();
    const held: SqlClient = { ...base, transaction: (work) => base.transaction(async (tx) => { const result = await work(tx); await gate; return result; }) };
    const schema = db.newSchema();
    const slow = createPostgresEventStore({ sql: held, schema, topic: 'candor.test.events' });
    const store = createPostgresEventStore({ sql: base, schema, topic: 'candor.test.events' });
    await store.init();
    await store.append('before', [event('Happened')], { expectedVersion: 0 });
    await until(async () => (await store.readAll({ after: 0, limit: 10 })).length === 1);
    const slowAppend = slow.append('slow', [event('Happened')], { expectedVersion: 0 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100)); // its INSERT is done, its COMMIT waits
      const fast = await store.append('fast', [event('Happened')], { expectedVersion: 0 });
      expect((await store.readAll({ after: 0, limit: 10 })).map((e) => e.streamId)).toEqual(['before']);
    } finally {
      commit(); // also when failing: an open transaction would hang the schema's DROP
    }
    const fast = (await store.readStream('fast'))[0]!;
    const { lastPosition } = await slowAppend;
    expect(lastPosition).toBeLessThan(fast.position);
    await until(async () => (await store.readAll({ after: 0, limit: 10 })).length === 3);
    expect((await store.readAll({ after: 0, limit: 10 })).map((e) => e.streamId)).toEqual(['before', 'slow', 'fast']);
  });
  concurrentTest('readAll under 16 concurrent appenders with slow commits sees every event once, in order', async () => {
    const base = db.sql();
    // Some transactions sleep after inserting and before COMMIT, so positions commit out of order.
    const slowCommits: SqlClient = {
      query: (text, params) => base.query(text, params),
      close: async () => {},
      transaction: (work) =>
        base.transaction(async (tx) => {
          const result = await work(tx);
          if (Math.random() < 0.3) await tx.query('SELECT pg_sleep($1)', [0.005 + Math.random() * 0.04]);
          return result;
        }),
    };
    const schema = db.newSchema();
    const store = createPostgresEventStore({ sql: slowCommits, schema, topic: 'candor.test.events' });
    await store.init();
    const appenders = 16;
    const appendsEach = 50;
    let writing = true;
    const writers = Promise.all(
      Array.from({ length: appenders }, async (_, writer) => {
        for (let i = 0; i < appendsEach; i++) {
          await store.append(`stream-${writer}`, [event('Happened', { writer, i })], { expectedVersion: i });
        }
      }),
    ).finally(() => {
      writing = false;
    });

    const seen: RecordedEvent[] = [];
    let cursor = 0;
    const deadline = () => Date.now() > caughtUpBy;
    let caughtUpBy = Number.POSITIVE_INFINITY;
    while (writing || (seen.length < appenders * appendsEach && !deadline())) {
      if (!writing && caughtUpBy === Number.POSITIVE_INFINITY) caughtUpBy = Date.now() + 15_000; // other suites' transactions on the server may hold xmin back
      const page = await store.readAll({ after: cursor, limit: 37 });
      seen.push(...page);
      if (page.length > 0) cursor = page[page.length - 1]!.position;
      else await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await writers;

    const positions = seen.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(new Set(seen.map((e) => e.eventId)).size).toBe(seen.length);
    expect(seen.length).toBe(appenders * appendsEach);
    expect((await readEverything(store)).length).toBe(appenders * appendsEach);
    // the invariant readAll relies on: positions grow in the order transactions got their ids
    const { rows } = await base.query<{ inversions: number }>(
      `SELECT count(*)::int AS inversions FROM "${schema}".events a
         JOIN "${schema}".events b ON a.transaction_id < b.transaction_id AND a.position > b.position`,
    );
    expect(rows[0]?.inversions).toBe(0);
  });
});
