// The outbox relay on real Postgres and real Kafka, both of this suite's own (own-servers.ts: they
// are killed and restarted, so never the shared ones), through the faults that stalled the
// fault-injection suite's deliveries read model: a service whose relay first published while the
// broker was down (its Kafka producer's failed first connect was remembered, so it never published
// again and its outbox only grew), then a Postgres restart under the running relay. Every event must
// reach a consumer on the broker, each stream's in order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RecordedEvent } from '@candor/contracts';
import {
  createLogger,
  createOutboxRelay,
  createPostgresEventStore,
  type MessageBus,
  type OutboxRelay,
} from '@candor/runtime';
import { createKafkaBus } from '@candor/runtime/kafka';
import { createPgClient } from '@candor/runtime/postgres';
import {
  javaMissing,
  kafkaLibs,
  postgresMissing,
  startOwnKafka,
  startOwnPostgres,
  type OwnKafka,
  type OwnPostgres,
} from './own-servers';

jest.setTimeout(600_000);

const missing = [
  javaMissing(),
  postgresMissing(),
  kafkaLibs() ? undefined : 'the Kafka jars are not cached (bash deploy/infra/kafka.sh install, or CANDOR_KAFKA_LIBS)',
].filter(Boolean);

const topic = 'candor.recovery.events';

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
  return true;
}

describe('the outbox relay through a broker crash and a Postgres restart', () => {
  if (missing.length) {
    // not a shared server: a tool this machine lacks (CI installs them), so a failure, never a skip
    test('the suite can run its own Kafka and Postgres', () => {
      throw new Error(missing.join('; '));
    });
    return;
  }
  let kafka: OwnKafka;
  let postgres: OwnPostgres;
  const dir = mkdtempSync(join(tmpdir(), 'candor-outbox-recovery-'));
  const buses: MessageBus[] = [];
  const bus = (clientId: string) => {
    const created = createKafkaBus({ brokers: [kafka.brokers], clientId, logger: createLogger(clientId, 'silent') });
    buses.push(created);
    return created;
  };
  let relay: OutboxRelay | undefined;
  let sql: ReturnType<typeof createPgClient> | undefined;

  beforeAll(async () => {
    [kafka, postgres] = await Promise.all([startOwnKafka(dir, kafkaLibs()!), startOwnPostgres()]);
  }, 180_000);

  afterAll(async () => {
    await relay?.stop().catch(() => undefined);
    await Promise.allSettled(buses.map((created) => created.close()));
    await sql?.close().catch(() => undefined);
    await kafka?.stop().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  test('events appended while the broker is down, then after a Postgres restart, all reach the broker, each stream in order', async () => {
    const received: RecordedEvent[] = [];
    const consumer = bus('consumer');
    await consumer.ensureTopics([topic]);
    await consumer.subscribe({
      groupId: 'recovery-consumer',
      topics: [topic],
      handle: async (message) => void received.push(JSON.parse(message.value) as RecordedEvent),
    });

    sql = createPgClient(postgres.url);
    const store = createPostgresEventStore({ sql, schema: 'recovery', topic });
    await store.init();
    const versions = new Map<string, number>();
    const append = async (round: string) => {
      for (const streamId of ['stream-a', 'stream-b', 'stream-c']) {
        const version = versions.get(streamId) ?? 0;
        await store.append(
          streamId,
          [{ type: 'Happened', data: { round }, metadata: { occurredAt: new Date().toISOString() } }],
          {
            expectedVersion: version,
          },
        );
        versions.set(streamId, version + 1);
      }
    };
    const count = () => [...versions.values()].reduce((sum, version) => sum + version, 0);

    // the relay's bus has never reached the broker when its first rows are due: as a service
    // started just before the broker crashed
    kafka.kill();
    relay = createOutboxRelay({
      sql,
      schema: 'recovery',
      bus: bus('relay'),
      backoff: { initialMs: 100, maxMs: 1_000 },
      logger: createLogger('relay', 'silent'),
      wake: (listener) => store.onAppended(listener),
    });
    await relay.start();
    await append('while the broker is down');
    await sleep(5_000); // the relay tries, and fails, meanwhile
    await kafka.start();
    expect(await until(() => received.length >= count(), 120_000)).toBe(true);

    await postgres.restart();
    // the store's pool opens new connections; an append may meet a connection the restart dropped
    expect(
      await until(
        () =>
          append('after the Postgres restart').then(
            () => true,
            () => false,
          ),
        30_000,
      ),
    ).toBe(true);
    await append('later');
    expect(await until(() => received.length >= count(), 120_000)).toBe(true);

    // every event once or more (at least once), each stream's in its order
    for (const [streamId, version] of versions) {
      const seen = received.filter((event) => event.streamId === streamId).map((event) => event.streamVersion);
      const firsts = seen.filter((streamVersion, index) => seen.indexOf(streamVersion) === index);
      expect(firsts).toEqual(Array.from({ length: version }, (_, n) => n + 1));
    }
    const { rows } = await sql.query<{ unpublished: number }>(
      'SELECT count(*) AS unpublished FROM recovery.outbox WHERE published_at IS NULL',
    );
    expect(rows[0]!.unpublished).toBe(0);
  });
});
