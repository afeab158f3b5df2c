// The policy runner as the embedded mode runs it: the in-process bus fed by the outbox relay, a
// replay of the source store at start, durable checkpoints in the database (PGlite and Postgres),
// and events that keep failing parked in the bus's dead-letter store.
import type { RecordedEvent } from '@candor/contracts';
import { describeEachDatabase } from '../../test/test-databases';
import { createInProcessBus } from '../bus/in-process';
import { deadLetterTopic } from '../bus/dead-letters';
import type { DeliveredMessage, MessageBus } from '../bus/types';
import { createPostgresEventStore, type PostgresEventStore } from '../event-store/postgres-event-store';
import { createLogger } from '../logging';
import { createOutboxRelay } from '../outbox/relay';
import { createSqlPolicyCheckpoints } from './policy-checkpoints';
import { createPolicyRunner, type Policy } from './policy-runner';

const topic = 'candor.source.events';
const silent = createLogger('test', 'silent');
const lagOf = async (bus: MessageBus, groupId: string, topic: string) => (await bus.lag(groupId, [topic])).reduce((sum, partition) => sum + partition.lag, 0);

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeEachDatabase('policy runner checkpoints and dead letters', (db) => {
  /** One "process": a bus, the source's relay and the policy, as the embedded mode composes them. */
  async function startProcess(store: PostgresEventStore, schema: string, policy: Policy, withCheckpoints = true) {
    const bus: MessageBus = createInProcessBus({ logger: silent, retryBackoffMs: 1 });
    const relay = createOutboxRelay({ sql: db.sql(), schema, bus, logger: silent, pollIntervalMs: 10, wake: (listener) => store.onAppended(listener) });
    const runner = createPolicyRunner({
      policy,
      bus,
      logger: silent,
      deadLetter: { maxAttempts: 2 },
      checkpoints: withCheckpoints ? createSqlPolicyCheckpoints(db.sql(), schema) : undefined,
      checkpointEveryMs: 20,
    });
    await runner.replay([store]);
    await runner.start();
    await relay.start();
    return {
      bus,
      async stop() {
        await relay.stop();
        await runner.stop();
        await bus.close();
      },
    };
  }

  const setup = async () => {
    const schema = db.newSchema();
    const store = createPostgresEventStore({ sql: db.sql(), schema, topic });
    await store.init();
    const append = (streamId: string, type = 'Happened') =>
      store.append(streamId, [{ type, data: { streamId }, metadata: { occurredAt: '2026-01-01T00:00:00.000Z' } }], { expectedVersion: 'any' });
    return { schema, store, append };
  };

  const recordingPolicy = (handled: RecordedEvent[], fail: (event: RecordedEvent) => boolean = () => false): Policy => ({
    name: 'test.follower',
    topics: [topic],
    async handle(event) {
      if (fail(event)) throw new Error(`cannot handle ${event.type}`);
      handled.push(event);
    },
  });

  test('a start after a stop does not hand the handled events to the policy again; new ones arrive', async () => {
    const { schema, store, append } = await setup();
    const first: RecordedEvent[] = [];
    const one = await startProcess(store, schema, recordingPolicy(first));
    for (let i = 0; i < 20; i++) await append(`stream-${i % 4}`);
    await until(() => first.length === 20);
    await one.stop();

    const second: RecordedEvent[] = [];
    const two = await startProcess(store, schema, recordingPolicy(second));
    expect(second).toEqual([]); // the replay started at the checkpoint
    await append('stream-new');
    await until(() => second.length === 1);
    expect(second.map((event) => event.streamId)).toEqual(['stream-new']);
    await two.stop();

    // the same start without checkpoints replays all of history: what the checkpoint saves
    const all: RecordedEvent[] = [];
    const three = await startProcess(store, schema, recordingPolicy(all), false);
    expect(all).toHaveLength(21);
    await three.stop();
  });

  test('an event that keeps failing is parked, the next is handled, and the next start hands the parked one over again', async () => {
    const { schema, store, append } = await setup();
    const first: RecordedEvent[] = [];
    const one = await startProcess(store, schema, recordingPolicy(first, (event) => event.type === 'Poison'));
    const parked: DeliveredMessage[] = [];
    await one.bus.subscribe({ groupId: 'reader', topics: [deadLetterTopic('policy.test.follower')], handle: async (m) => void parked.push(m) });
    await append('a');
    await append('b', 'Poison');
    await append('b');
    await until(() => first.length === 2 && parked.length === 1);
    expect(first.map((event) => event.type)).toEqual(['Happened', 'Happened']);
    expect(JSON.parse(parked[0]!.value)).toMatchObject({ type: 'Poison', streamId: 'b' });
    await new Promise((resolve) => setTimeout(resolve, 60)); // a live checkpoint save would happen now
    await one.stop();

    // fixed: the replay at the next start begins at the parked event, not after it, and not before it
    const second: RecordedEvent[] = [];
    const two = await startProcess(store, schema, recordingPolicy(second));
    expect(second.map((event) => `${event.streamId}:${event.type}`)).toEqual(['b:Poison', 'b:Happened']);
    await two.stop();
  });

  test('an event appended between the replay and the subscription, and trimmed from the bus meanwhile, is still handled', async () => {
    const { schema, store, append } = await setup();
    const bus = createInProcessBus({ logger: silent });
    const other: string[] = [];
    await bus.subscribe({ groupId: 'projection.other', topics: [topic], handle: async (m) => void other.push(m.value) });
    const relay = createOutboxRelay({ sql: db.sql(), schema, bus, logger: silent, pollIntervalMs: 10 });
    const handled: RecordedEvent[] = [];
    const runner = createPolicyRunner({ policy: recordingPolicy(handled), bus, logger: silent, deadLetter: { maxAttempts: 2 }, checkpoints: createSqlPolicyCheckpoints(db.sql(), schema) });
    await append('before');
    await runner.replay([store]);
    await append('in-the-window');
    await relay.drain();
    await until(() => other.length === 2); // every group reading the topic has it: trimmed
    expect((await lagOf(bus, 'projection.other', topic))).toBe(0);
    await runner.start();
    await append('after');
    await relay.drain();
    await until(() => handled.length >= 3);
    expect(handled.map((event) => event.streamId)).toEqual(['before', 'in-the-window', 'after']);
    await runner.stop();
    await bus.close();
  });
});
