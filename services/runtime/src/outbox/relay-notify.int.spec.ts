// The relay woken by LISTEN/NOTIFY on a real Postgres: a commit of another process (another pool,
// like another replica) wakes it without its poll; a notification missed while its listener was
// cut off is made up for at reconnection; and on PGlite (one process) there is nothing to listen to.
import type { RecordedEvent } from '@candor/contracts';
import type { MessageBus, OutgoingMessage } from '../bus/types';
import { createPostgresEventStore } from '../event-store/postgres-event-store';
import { outboxChannel } from '../event-store/schema';
import type { NewEvent } from '../event-store/types';
import { createLogger } from '../logging';
import { describeEachDatabase, type TestDatabase } from '../../test/test-databases';
import { createOutboxRelay } from './relay';

const topic = 'candor.test.events';
const event = (type: string, internal = false): NewEvent => ({
  type,
  data: { type },
  metadata: { occurredAt: '2026-01-01T00:00:00.000Z' },
  internal,
});

function recordingBus() {
  const received: { key: string; event: RecordedEvent }[] = [];
  const bus: MessageBus = {
    ensureTopics: async () => {},
    async publish(_to, messages: OutgoingMessage[]) {
      for (const message of messages) received.push({ key: message.key, event: JSON.parse(message.value) as RecordedEvent });
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

describeEachDatabase('outbox relay woken by NOTIFY', (db: TestDatabase) => {
  const silent = createLogger('test', 'silent');
  // the relay's poll is a minute: whatever it publishes sooner, a wake-up made it look
  const setup = async () => {
    const schema = db.newSchema();
    const writer = createPostgresEventStore({ sql: db.connect(), schema, topic }); // "another process"
    const local = createPostgresEventStore({ sql: db.sql(), schema, topic });
    await local.init();
    const { bus, received } = recordingBus();
    const relay = createOutboxRelay({
      sql: db.sql(),
      schema,
      bus,
      logger: silent,
      pollIntervalMs: 60_000,
      // after a wake that found nothing the relay looks again every few ms for this long only
      eagerWindowMs: 50,
      wake: (listener) => local.onCommittedAnywhere(listener),
    });
    const listening = async () =>
      (await db.sql().query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE query = $1`, [`LISTEN "${outboxChannel(schema)}"`])).rows;
    return { schema, local, writer, relay, received, listening };
  };

  (db.concurrent ? test : test.skip)('a commit in another process wakes the relay at once, in order per stream', async () => {
    const { writer, relay, received, listening } = await setup();
    await relay.start();
    try {
      await until(async () => (await listening()).length === 1, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 100)); // past the eager window of the connection's look
      for (let version = 0; version < 3; version++) {
        await writer.append('job-1', [event(`E${version}`)], { expectedVersion: version });
        await until(() => received.length === version + 1, 10_000);
      }
      // an internal event writes no outbox row: nothing to publish, nothing published
      await writer.append('account-1', [event('PasswordSet', true)], { expectedVersion: 0 });
      await writer.append('job-2', [event('E0')], { expectedVersion: 0 });
      await until(() => received.length === 4, 10_000);
    } finally {
      await relay.stop();
    }
    expect(received.map((r) => [r.key, r.event.streamVersion])).toEqual([
      ['job-1', 1],
      ['job-1', 2],
      ['job-1', 3],
      ['job-2', 1],
    ]);
  });

  (db.concurrent ? test : test.skip)('a notification missed while the listener was cut off: the relay still delivers', async () => {
    const { writer, relay, received, listening } = await setup();
    await relay.start();
    try {
      await until(async () => (await listening()).length === 1, 10_000);
      await writer.append('job-1', [event('E0')], { expectedVersion: 0 });
      await until(() => received.length === 1, 10_000);

      // cut the listener's connection, and commit while it is gone: that NOTIFY reaches nobody
      const [{ pid }] = (await listening()) as [{ pid: number }];
      await db.sql().query('SELECT pg_terminate_backend($1)', [pid]);
      await writer.append('job-1', [event('E1')], { expectedVersion: 1 });
      await writer.append('job-2', [event('E0')], { expectedVersion: 0 });
      // the reconnected listener looks once: both are published long before the minute's poll
      await until(() => received.length === 3, 20_000);
      await until(async () => (await listening()).some((row) => row.pid !== pid), 10_000);
      // and it listens again
      await writer.append('job-2', [event('E1')], { expectedVersion: 1 });
      await until(() => received.length === 4, 10_000);
    } finally {
      await relay.stop();
    }
    expect(received.map((r) => [r.key, r.event.streamVersion])).toEqual([
      ['job-1', 1],
      ['job-1', 2],
      ['job-2', 1],
      ['job-2', 2],
    ]);
  });

  test('only a real server wakes the listeners: PGlite (one process) has nothing to listen to', async () => {
    const { local, writer } = await setup();
    expect(typeof db.sql().listen).toBe(db.concurrent ? 'function' : 'undefined');
    let woken = 0;
    const unsubscribe = local.onCommittedAnywhere(() => (woken += 1));
    try {
      if (db.concurrent) {
        await until(() => woken >= 1, 10_000); // the look after the listener connected
        const before = woken;
        await writer.append('job-1', [event('E0')], { expectedVersion: 0 });
        await until(() => woken > before, 10_000);
      } else {
        await writer.append('job-1', [event('E0')], { expectedVersion: 0 });
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(woken).toBe(0);
      }
    } finally {
      unsubscribe();
    }
    expect(await local.readStream('job-1')).toHaveLength(1);
  });
});
