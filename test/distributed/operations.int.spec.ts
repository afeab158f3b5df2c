// The reliability commands of a distributed deployment, run as a person on call would run them
// (scripts/operations.ts as a process, with the services' variables) against real Postgres, Kafka
// and a Mongo-wire server:
// - `npm run rebuild`: a read model whose collection was dropped comes back equal to what the live
//   consumer had built;
// - `npm run dlq -- replay`: a policy that kept failing on an event parked it (counted in
//   candor_dead_letters_total) and handled the next ones; once fixed, the replay hands the parked
//   event back once, and the effect happens exactly once;
// - `npm run catch-up`: a policy's consumer group goes back to the start and sees all history again.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import type { RecordedEvent } from '@candor/contracts';
import { jobDecider, jobsProjection } from '@candor/invite';
import {
  ConcurrencyError,
  createLogger,
  createOutboxRelay,
  createPolicyRunner,
  createPostgresEventStore,
  createProjectionRunner,
  type MessageBus,
  type Policy,
  type PostgresEventStore,
  type SqlClient,
} from '@candor/runtime';
import { createKafkaBus } from '@candor/runtime/kafka';
import { createMongoDocumentStore } from '@candor/runtime/mongo';
import { createPgClient } from '@candor/runtime/postgres';
import { createServiceMetrics } from '@candor/runtime/distributed';
import { describeWithInfra, REPO_ROOT } from '../support/infra';
import { createFreshDatabases, type FreshDatabases } from './fresh-databases';

jest.setTimeout(120_000);
const run = promisify(execFile);
const silent = createLogger('test', 'silent');
const topic = 'candor.invite.events';
const jobStream = (jobId: string) => `job-${jobId}`; // as the invite service names it

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeWithInfra('operations on a distributed deployment', ['postgres', 'kafka', 'mongo'], (getInfra) => {
  let databases: FreshDatabases;
  let sql: SqlClient;
  let store: PostgresEventStore;
  let bus: MessageBus;
  let relay: ReturnType<typeof createOutboxRelay>;
  const namespace = `ops-${randomUUID().slice(0, 8)}`;
  const operation = (...args: string[]) =>
    run(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(REPO_ROOT, 'scripts', 'operations.ts'), ...args], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databases.databaseUrl,
        MONGO_URL: databases.mongoUrl,
        MONGO_DATABASE: databases.mongoDatabase,
        KAFKA_BROKERS: getInfra().kafkaBrokers!.join(','),
        KAFKA_NAMESPACE: namespace,
      },
    });

  beforeAll(async () => {
    const infra = getInfra();
    databases = await createFreshDatabases({ pgUrl: infra.pgUrl!, mongoUrl: infra.mongoUrl!, prefix: 'candor_ops' });
    sql = createPgClient(databases.databaseUrl);
    store = createPostgresEventStore({ sql, schema: 'invite', topic });
    await store.init();
    bus = createKafkaBus({ brokers: infra.kafkaBrokers!, clientId: 'candor-ops-test', namespace, logger: silent, retryBackoffMs: 20 });
    await bus.ensureTopics([topic]);
    relay = createOutboxRelay({ sql, schema: 'invite', bus, logger: silent, pollIntervalMs: 50, wake: (listener) => store.onAppended(listener) });
    await relay.start();
  });
  afterAll(async () => {
    await relay?.stop();
    await bus?.close();
    await sql?.close();
    await databases?.drop();
  });

  test('npm run rebuild: a dropped read model comes back equal to what the live consumer built', async () => {
    const documents = createMongoDocumentStore({ url: databases.mongoUrl, database: databases.mongoDatabase });
    const live = createProjectionRunner({ projection: jobsProjection, bus, documents, eventStore: store, logger: silent });
    await live.start();
    const by = { organisationId: 'org-ops', recruiterId: 'rec-ops', at: '2026-11-21T10:00:00.000Z' };
    for (let i = 0; i < 12; i++) {
      const jobId = randomUUID();
      let state = jobDecider.initialState();
      const commands = [
        { type: 'CreateJob' as const, jobId, title: `Job ${i}`, description: 'd', questions: [{ id: 'q1', text: 'Why?' }], ...by },
        ...(i % 3 === 0 ? [{ type: 'DeactivateJob' as const, jobId, ...by }] : []),
        ...(i % 4 === 0 ? [{ type: 'EditJob' as const, jobId, title: `Job ${i} (edited)`, description: 'e', questions: [{ id: 'q1', text: 'How?' }], ...by }] : []),
      ];
      for (const [version, command] of commands.entries()) {
        const events = jobDecider.decide(command, state);
        state = events.reduce(jobDecider.evolve, state);
        await store.append(jobStream(jobId), events.map((event) => ({ ...event, metadata: { occurredAt: by.at } })), { expectedVersion: version });
      }
    }
    const mongo = new MongoClient(databases.mongoUrl);
    try {
      const jobs = () => mongo.db(databases.mongoDatabase).collection('invite_jobs').find({}, { sort: { _id: 1 } }).toArray();
      await until('the live consumer built 12 jobs', async () => (await jobs()).length === 12);
      const last = (await store.readAll({ after: 0, limit: 1000 })).at(-1)!;
      await until('the live consumer is at the last event', () => live.waitFor(last.streamId, last.position, 1000));
      await live.stop();
      const before = await jobs();
      expect(before.filter((job) => job.status === 'inactive')).toHaveLength(4);

      await mongo.db(databases.mongoDatabase).collection('invite_jobs').drop();
      expect(await jobs()).toEqual([]);
      const { stdout } = await operation('rebuild', 'invite', 'invite.jobs');
      expect(stdout).toMatch(/invite: invite\.jobs rebuilt in \d+ ms/);
      expect(await jobs()).toEqual(before);
    } finally {
      await mongo.close();
      await documents.close();
    }
  });

  test('npm run dlq -- replay: a parked event is handed back once after the fix; npm run catch-up replays all history', async () => {
    const metrics = createServiceMetrics({ service: 'ops-test', sql, schema: 'invite' });
    let fixed = false;
    const calls: RecordedEvent[] = [];
    const effects = createPostgresEventStore({ sql, schema: 'effects', topic: 'candor.effects.events' });
    await effects.init();
    const policy: Policy = {
      name: 'ops.follower',
      topics: [topic],
      async handle(event) {
        if (event.type !== 'ops.Noted.v1') return;
        calls.push(event);
        if ((event.data as { poison?: boolean }).poison && !fixed) throw new Error('the handler has a bug');
        // the effect: once per event, however often it is handed over
        await effects
          .append(`effect-${event.eventId}`, [{ type: 'EffectDone', data: {}, metadata: { occurredAt: event.recordedAt } }], { expectedVersion: 0 })
          .catch((error) => {
            if (!(error instanceof ConcurrencyError)) throw error;
          });
      },
    };
    const runner = () =>
      createPolicyRunner({ policy, bus, logger: silent, deadLetter: { maxAttempts: 3, onParked: metrics.parked } });
    const first = runner();
    await first.start();
    const note = (poison: boolean) =>
      store.append(`note-${randomUUID()}`, [{ type: 'ops.Noted.v1', data: { poison }, metadata: { occurredAt: '2026-11-21T10:00:00.000Z' } }], { expectedVersion: 0 });
    await note(false);
    const poison = await note(true);
    await note(false);
    const effectCount = async () =>
      Number((await sql.query<{ n: string }>(`SELECT count(*) AS n FROM effects.events WHERE type = 'EffectDone'`)).rows[0]!.n);
    await until('the two good events had their effect', async () => (await effectCount()) === 2);
    const parkedCount = async () => /candor_dead_letters_total\{[^}]*group="policy\.ops\.follower"[^}]*\} 1/.test(await metrics.registry.metrics());
    await until('the poison event was parked and counted', parkedCount);
    const poisonCalls = () => calls.filter((event) => event.position === poison.lastPosition).length;
    expect(poisonCalls()).toBe(3);

    fixed = true;
    expect((await operation('dlq', 'replay', 'policy.ops.follower')).stdout).toContain('1 parked message(s) handed back');
    await until('the replayed event had its effect', async () => (await effectCount()) === 3);
    expect((await operation('dlq', 'replay', 'policy.ops.follower')).stdout).toContain('0 parked message(s) handed back');
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a second hand-over would arrive now
    expect(poisonCalls()).toBe(4);
    expect(await effectCount()).toBe(3);

    await first.stop();
    calls.length = 0;
    await operation('catch-up', 'policy.ops.follower');
    const second = runner();
    await second.start();
    try {
      // the three events, and the replayed copy of the poison one (it is on the topic for this group)
      await until('the policy saw all history again', () => calls.length >= 4);
      await new Promise((resolve) => setTimeout(resolve, 500)); // more would arrive now
      // partitions are consumed side by side: which came first is not defined across streams
      expect(calls.map((event) => (event.data as { poison: boolean }).poison).sort()).toEqual([false, false, true, true]);
      expect(new Set(calls.map((event) => event.eventId)).size).toBe(3);
      expect(await effectCount()).toBe(3); // the effects are idempotent
    } finally {
      await second.stop();
    }
  });
});
