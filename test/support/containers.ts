// Fallback for machines with a Docker engine and no `npm run infra:up`: start the missing
// servers as containers for one suite. Used by infra.ts only when `docker info` succeeds.
// (The project's own machines have no Docker engine; there the servers come from deploy/infra.)
import { createServer } from 'node:net';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import type { Infra, InfraName } from './infra';

export interface StartedInfra {
  infra: Infra;
  stop(): Promise<void>;
}

/** A free TCP port on the host (Kafka must advertise the port clients will dial). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

async function startPostgres(): Promise<{ container: StartedTestContainer; infra: Infra }> {
  const container = await new GenericContainer('postgres:16')
    .withEnvironment({ POSTGRES_USER: 'candor', POSTGRES_PASSWORD: 'candor', POSTGRES_DB: 'candor' })
    // Throwaway: durability off, like deploy/infra/postgres.sh.
    .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'max_connections=200'])
    .withExposedPorts(5432)
    // The official image restarts once after init; the second "ready" is the real one.
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .withStartupTimeout(120_000)
    .start();
  const url = `postgres://candor:candor@${container.getHost()}:${container.getMappedPort(5432)}/candor`;
  return { container, infra: { pgUrl: url } };
}

async function startKafka(): Promise<{ container: StartedTestContainer; infra: Infra }> {
  // Same port inside and outside, so the advertised listener is what the host dials.
  const port = await freePort();
  const container = await new GenericContainer('apache/kafka:3.9.0')
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://:${port},CONTROLLER://:9093`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_NUM_PARTITIONS: '3',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'true',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withExposedPorts({ container: port, host: port })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(180_000)
    .start();
  return { container, infra: { kafkaBrokers: [`127.0.0.1:${port}`] } };
}

async function startMongo(): Promise<{ container: StartedTestContainer; infra: Infra }> {
  const container = await new GenericContainer('mongo:7')
    .withExposedPorts(27017)
    .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
    .withStartupTimeout(120_000)
    .start();
  return { container, infra: { mongoUrl: `mongodb://${container.getHost()}:${container.getMappedPort(27017)}/candor` } };
}

/** Starts containers for the named servers (chromium is not containerised: it is ignored). */
export async function startContainers(names: InfraName[]): Promise<StartedInfra> {
  const starters: Partial<Record<InfraName, () => Promise<{ container: StartedTestContainer; infra: Infra }>>> = {
    postgres: startPostgres,
    kafka: startKafka,
    mongo: startMongo,
  };
  const results = await Promise.allSettled(names.flatMap((n) => (starters[n] ? [starters[n]()] : [])));
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stop = async () => {
    await Promise.allSettled(started.map((s) => s.container.stop()));
  };
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
  }
  return { infra: Object.assign({}, ...started.map((s) => s.infra)) as Infra, stop };
}
