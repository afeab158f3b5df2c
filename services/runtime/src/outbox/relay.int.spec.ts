// The outbox relay on PGlite and a real Postgres: order per key, outages, restarts, replicas.
import type { RecordedEvent } from '@candor/contracts';
import type { MessageBus, OutgoingMessage } from '../bus/types';
import { createPostgresEventStore, type PostgresEventStore } from '../event-store/postgres-event-store';
import type { NewEvent } from '../event-store/types';
import { createLogger } from '../logging';
import { describeEachDatabase, type TestDatabase } from '../../test/test-databases';
import type { SqlClient } from '../sql/types';
import { pruneOutbox } from './prune';
import { createOutboxRelay, type OutboxRelayOptions } from './relay';

const topic = 'candor.test.events';
const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const event = (type: string, internal = false): NewEvent => ({
  type,
  data: { type },
  metadata: { occurredAt: '2026-01-01T00:00:00.000Z', traceparent },
  internal,
});

interface Received {
  topic: string;
  message: OutgoingMessage;
  event: RecordedEvent;
}

/** A bus that records what it acknowledged; `before` runs first and may throw or wait. */
function recordingBus(before: (messages: OutgoingMessage[]) => Promise<void> = async () => {}) {
  const received: Received[] = [];
  const bus: MessageBus = {
    ensureTopics: async () => {},
    async publish(to, messages) {
      await before(messages);
      for (const message of messages) received.push({ topic: to, message, event: JSON.parse(message.value) as RecordedEvent });
    },
    subscribe: async () => {
      throw new Error('not used');
    },
    replayDeadLetters: async () => {
      throw new Error('not used');
    },
    lag: async () => [],
    reachable: async () => {},
    close: async () => {},
  };
  return { bus, received };
}

const until = async (condition: () => boolean | Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** Waits until readAll shows `count` events: the relay sees rows under the same rule. */
const settled = (store: PostgresEventStore, count: number) =>
  until(async () => (await store.readAll({ after: 0, limit: 1000 })).length >= count);

/** Drains until `expected` rows went out: a transaction elsewhere on the server may hold them back a while. */
async function drainAll(relay: { drain(): Promise<number> }, expected: number): Promise<number> {
  let total = 0;
  await until(async () => (total += await relay.drain()) >= expected);
  return total;
}

/** Per stream, the versions in the order the bus acknowledged them. */
const versionsByKey = (received: Received[]) => {
  const byKey = new Map<string, number[]>();
  for (const { message, event: e } of received) byKey.set(message.key, [...(byKey.get(message.key) ?? []), e.streamVersion]);
  return byKey;
};
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

async function appendRounds(store: PostgresEventStore, streams: number, rounds: number) {
  for (let round = 0; round < rounds; round++) {
    for (let s = 0; s < streams; s++) await store.append(`stream-${s}`, [event(`E${round}`)], { expectedVersion: round });
  }
}

describeEachDatabase('outbox relay', (db: TestDatabase) => {
  const silent = createLogger('test', 'silent');
  const setup = async (sql: SqlClient = db.sql()) => {
    const schema = db.newSchema();
    const store = createPostgresEventStore({ sql, schema, topic });
    await store.init();
    const unpublished = async () =>
      (await db.sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE published_at IS NULL`)).rows[0]?.n;
    const relayOptions = (bus: MessageBus, more: Partial<OutboxRelayOptions> = {}): OutboxRelayOptions => ({
      sql,
      schema,
      bus,
      logger: silent,
      pollIntervalMs: 10,
      backoff: { initialMs: 5, maxMs: 40 },
      ...more,
    });
    return { schema, store, unpublished, relayOptions };
  };

  test('publishes in position order, keyed by stream, with the event as value and trace headers', async () => {
    const { store, unpublished, relayOptions } = await setup();
    await appendRounds(store, 4, 5);
    await store.append('account-1', [event('AccountRegistered'), event('PasswordSet', true)], { expectedVersion: 0 });
    const { bus, received } = recordingBus();
    expect(await drainAll(createOutboxRelay(relayOptions(bus, { batchSize: 3 })), 21)).toBe(21);

    const positions = received.map((r) => r.event.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    for (let s = 0; s < 4; s++) expect(versionsByKey(received).get(`stream-${s}`)).toEqual(oneTo(5));
    expect(received.map((r) => r.event.type)).not.toContain('PasswordSet');
    const last = received[received.length - 1]!;
    expect(last).toMatchObject({ topic, message: { key: 'account-1', headers: { 'event-type': 'AccountRegistered', traceparent } } });
    expect(last.event).toEqual((await store.readStream('account-1'))[0]);
    expect(await unpublished()).toBe(0);
  });

  test('a local append wakes a started relay without waiting for its poll', async () => {
    const { store, relayOptions } = await setup();
    const { bus, received } = recordingBus();
    const relay = createOutboxRelay(relayOptions(bus, { pollIntervalMs: 60_000, wake: (listener) => store.onAppended(listener) }));
    await relay.start();
    try {
      await store.append('job-1', [event('JobCreated')], { expectedVersion: 0 });
      await until(() => received.length === 1, 10_000);
    } finally {
      await relay.stop();
    }
  });

  test('survives a bus outage: retries with backoff, never marks a row before the ack, loses nothing', async () => {
    const { schema, store, unpublished, relayOptions } = await setup();
    await appendRounds(store, 3, 4);
    await settled(store, 12);
    let failuresLeft = 4;
    const published = async () =>
      (await db.sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE published_at IS NOT NULL`)).rows[0]?.n;
    const { bus, received } = recordingBus(async () => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('broker unreachable');
      }
      // marked rows are always a subset of acknowledged ones (PGlite would wait for the relay here)
      if (db.concurrent) expect(await published()).toBeLessThanOrEqual(received.length);
    });
    const warnings: unknown[] = [];
    const logger = { ...silent, warn: (fields: unknown) => void warnings.push(fields) } as unknown as typeof silent;
    const relay = createOutboxRelay(relayOptions(bus, { logger, batchSize: 5 }));

    await expect(relay.drain()).rejects.toThrow('broker unreachable');
    expect(await unpublished()).toBe(12);
    await relay.start();
    await until(() => received.length === 12);
    await relay.stop();
    expect(warnings.length).toBe(3);
    expect(await unpublished()).toBe(0);
    for (let s = 0; s < 3; s++) expect(versionsByKey(received).get(`stream-${s}`)).toEqual(oneTo(4));
  });

  test('stop waits for the batch in flight, which is marked only once acknowledged', async () => {
    const { store, unpublished, relayOptions } = await setup();
    await appendRounds(store, 2, 2);
    await settled(store, 4);
    let release = () => {};
    const acked = new Promise<void>((resolve) => (release = resolve));
    let publishing = false;
    const { bus, received } = recordingBus(async () => {
      publishing = true;
      await acked;
    });
    const relay = createOutboxRelay(relayOptions(bus));
    await relay.start();
    await until(() => publishing);
    if (db.concurrent) expect(await unpublished()).toBe(4); // PGlite would wait for the relay's transaction
    let stopped = false;
    const stopping = relay.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(received).toHaveLength(4);
    expect(await unpublished()).toBe(0);
  });

  test('a relay started after another stopped mid-stream publishes the rest: no gaps', async () => {
    const { store, unpublished, relayOptions } = await setup();
    await appendRounds(store, 4, 25);
    const { bus, received } = recordingBus(() => new Promise((resolve) => setTimeout(resolve, 2)));
    const first = createOutboxRelay(relayOptions(bus, { batchSize: 7 }));
    await first.start();
    await until(() => received.length >= 30);
    await first.stop();
    expect(await unpublished()).toBeGreaterThan(0);

    const second = createOutboxRelay(relayOptions(bus, { batchSize: 7 }));
    await until(async () => (await second.drain(), (await unpublished()) === 0));
    for (const [, versions] of versionsByKey(received)) {
      // at-least-once: a version may repeat, but never arrive before its predecessor
      versions.reduce((highest, version) => {
        expect(version).toBeLessThanOrEqual(highest + 1);
        return Math.max(highest, version);
      }, 0);
      expect([...new Set(versions)]).toEqual(oneTo(25));
    }
  });

  (db.concurrent ? test : test.skip)('does not publish past a lower position whose transaction is still open', async () => {
    let commit = () => {};
    const gate = new Promise<void>((resolve) => (commit = resolve));
    const base = db.sql();
    const held: SqlClient = { ...base, transaction: (work) => base.transaction(async (tx) => { const result = await work(tx); await gate; return result; }) };
    const { schema, store, relayOptions } = await setup();
    const slow = createPostgresEventStore({ sql: held, schema, topic });
    const slowAppend = slow.append('stream-slow', [event('Slow')], { expectedVersion: 0 });
    const { bus, received } = recordingBus();
    const relay = createOutboxRelay(relayOptions(bus));
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await store.append('stream-fast', [event('Fast')], { expectedVersion: 0 });
      expect(await relay.drain()).toBe(0);
    } finally {
      commit(); // also when failing: an open transaction would hang the schema's DROP
    }
    await slowAppend;
    expect(await drainAll(relay, 2)).toBe(2);
    expect(received.map((r) => r.message.key)).toEqual(['stream-slow', 'stream-fast']);
  });

  test('prunes published rows in batches, never unpublished or recent ones; a relay pruning as it runs loses nothing', async () => {
    const { schema, store, relayOptions } = await setup();
    const outboxRows = async () =>
      (await db.sql().query<{ published: number; waiting: number }>(
        `SELECT count(*) FILTER (WHERE published_at IS NOT NULL)::int AS published, count(*) FILTER (WHERE published_at IS NULL)::int AS waiting FROM "${schema}".outbox`,
      )).rows[0]!;
    await appendRounds(store, 4, 25);
    const { bus, received } = recordingBus();
    expect(await drainAll(createOutboxRelay(relayOptions(bus)), 100)).toBe(100);
    for (let s = 0; s < 5; s++) await store.append(`late-${s}`, [event('Late')], { expectedVersion: 0 });

    expect(await pruneOutbox(db.sql(), schema, { keepPublishedMs: 60_000 })).toBe(0); // still recent
    expect(await pruneOutbox(db.sql(), schema, { keepPublishedMs: 0, batchSize: 7 })).toBe(100);
    expect(await outboxRows()).toEqual({ published: 0, waiting: 5 });
    expect(await store.readAll({ after: 0, limit: 1000 })).toHaveLength(105); // the events stay

    const relay = createOutboxRelay(relayOptions(bus, { pruneEveryMs: 5, pruning: { keepPublishedMs: 0, batchSize: 3 }, wake: (listener) => store.onAppended(listener) }));
    await relay.start();
    try {
      for (let round = 25; round < 35; round++) {
        for (let s = 0; s < 4; s++) await store.append(`stream-${s}`, [event(`E${round}`)], { expectedVersion: round });
      }
      await until(() => received.length >= 145, 20_000);
      await until(async () => (await outboxRows()).published === 0, 20_000);
    } finally {
      await relay.stop();
    }
    expect(await outboxRows()).toEqual({ published: 0, waiting: 0 });
    for (let s = 0; s < 4; s++) expect(versionsByKey(received).get(`stream-${s}`)).toEqual(oneTo(35));
    expect(received).toHaveLength(145);
  });

  test('two relays on one schema take turns: every event once, in order per stream', async () => {
    const { schema, store, unpublished, relayOptions } = await setup();
    const { bus, received } = recordingBus(() => new Promise((resolve) => setTimeout(resolve, 1)));
    // on Postgres each relay has its own pool, like two replicas of the service
    const relays = [createOutboxRelay(relayOptions(bus, { batchSize: 4 })), createOutboxRelay({ ...relayOptions(bus, { batchSize: 4 }), sql: db.connect() })];
    await Promise.all(relays.map((relay) => relay.start()));
    await Promise.all(Array.from({ length: 6 }, async (_, s) => {
      for (let v = 0; v < 15; v++) await store.append(`stream-${s}`, [event(`E${v}`)], { expectedVersion: v });
    }));
    await until(async () => received.length >= 90 && (await unpublished()) === 0);
    await Promise.all(relays.map((relay) => relay.stop()));
    expect(received).toHaveLength(90);
    for (let s = 0; s < 6; s++) expect(versionsByKey(received).get(`stream-${s}`)).toEqual(oneTo(15));
    expect(schema).toMatch(/^candor_test_/);
  });
});
