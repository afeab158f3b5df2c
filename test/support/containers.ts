// The servers of one suite as containers, through testcontainers and a Docker-compatible API (on
// the project's machines: podman's, `npm run test:containers`; elsewhere a Docker engine). Used by
// infra.ts for the servers a suite needs when CANDOR_TEST_CONTAINERS=1, or when they are not
// configured and `docker info` answers.
//
// The images are the project's own (deploy/test-images.sh, tags from `deploy/test-images.sh --tags`):
// PostgreSQL 15 from Debian's packages, Kafka from the Maven Central jars, FerretDB and SeaweedFS
// built with Go, since no registry is reachable here. Their tags are never `latest`, so nothing is
// pulled. Podman runs no health checks (no systemd), so every wait is a log line, a command run in
// the container, or a request from this side (Kafka: a client's request, since a log-line wait once
// lost its stream).
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { GenericContainer, Network, Wait, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import type { Infra, InfraName } from './infra';

export interface StartedInfra {
  infra: Infra;
  stop(): Promise<void>;
}

const repoRoot = join(__dirname, '..', '..');

/** The image tag of each server, as deploy/test-images.sh builds it. */
function imageTags(): Record<'postgres' | 'kafka' | 'ferretdb' | 'seaweedfs', string> {
  const result = spawnSync('bash', [join(repoRoot, 'deploy', 'test-images.sh'), '--tags'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`deploy/test-images.sh --tags failed: ${result.stderr}`);
  return Object.fromEntries(result.stdout.trim().split('\n').map((line) => line.split('=') as [string, string])) as ReturnType<typeof imageTags>;
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

// the image's set-up runs in single-user mode with its output dropped: this line is the real server's.
// (A command wait, pg_isready, was seen to pass through podman's API before the server listened.)
const pgReady = Wait.forLogMessage(/database system is ready to accept connections/);

async function startPostgres(image: string, network?: StartedNetwork): Promise<StartedTestContainer> {
  let container = new GenericContainer(image).withExposedPorts(5432).withWaitStrategy(pgReady).withStartupTimeout(120_000);
  // FerretDB reaches it by name on their network
  if (network) container = container.withNetwork(network).withNetworkAliases('postgres');
  return container.start();
}

async function startKafka(image: string): Promise<{ container: StartedTestContainer; port: number }> {
  // the same port inside and outside, so the advertised listener is what this side dials
  const port = await freePort();
  const container = await new GenericContainer(image)
    .withEnvironment({ KAFKA_PORT: String(port) })
    .withExposedPorts({ container: port, host: port })
    // not a log-line wait: podman's log stream was seen to end before the line came (CI 2026-12-03,
    // "Log stream ended and message /Kafka Server started/ was not received"); the port, then the
    // broker answering a client, is what the suites need
    .withWaitStrategy(Wait.forListeningPorts())
    .withStartupTimeout(180_000)
    .start();
  try {
    await brokerAnswers(`127.0.0.1:${port}`, 180_000);
  } catch (error) {
    await container.stop().catch(() => {});
    throw error;
  }
  return { container, port };
}

/** Waits until the broker describes its cluster to a client (it listens a little before it serves). */
async function brokerAnswers(broker: string, timeoutMs: number): Promise<void> {
  const admin = new Kafka({ clientId: 'candor-containers', brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await admin.connect();
      await admin.describeCluster();
      await admin.disconnect();
      return;
    } catch (error) {
      await admin.disconnect().catch(() => {});
      if (Date.now() > deadline) throw new Error(`Kafka container did not answer within ${timeoutMs} ms: ${String(error)}`);
      await new Promise((resolveWait) => setTimeout(resolveWait, 500));
    }
  }
}

async function startFerretDb(image: string, network: StartedNetwork): Promise<StartedTestContainer> {
  return new GenericContainer(image)
    .withNetwork(network)
    .withEnvironment({ FERRETDB_POSTGRESQL_URL: 'postgres://candor:candor@postgres:5432/ferretdb' })
    .withExposedPorts(27017)
    .withWaitStrategy(Wait.forListeningPorts())
    .withStartupTimeout(120_000)
    .start();
}

const s3Credentials = { accessKeyId: 'candor-test', secretAccessKey: 'candor-test-secret-0123456789', region: 'us-east-1', bucket: 'candor-recordings' };

async function startSeaweedFs(image: string): Promise<StartedTestContainer> {
  const container = await new GenericContainer(image)
    .withEnvironment({ S3_ACCESS_KEY_ID: s3Credentials.accessKeyId, S3_SECRET_ACCESS_KEY: s3Credentials.secretAccessKey })
    .withExposedPorts(8333)
    .withWaitStrategy(Wait.forListeningPorts())
    .withStartupTimeout(120_000)
    .start();
  // the S3 port answers before a volume server registered: create the bucket and round-trip an
  // object first (the same check deploy/infra/seaweedfs.sh makes)
  const endpoint = `http://${container.getHost()}:${container.getMappedPort(8333)}`;
  const waited = spawnSync(process.execPath, [join(repoRoot, 'deploy', 'infra', 'seaweedfs', 'wait.cjs'), endpoint, '90', s3Credentials.bucket], {
    encoding: 'utf8',
    env: { ...process.env, S3_REGION: s3Credentials.region, S3_ACCESS_KEY_ID: s3Credentials.accessKeyId, S3_SECRET_ACCESS_KEY: s3Credentials.secretAccessKey },
  });
  if (waited.status !== 0) {
    await container.stop().catch(() => {});
    throw new Error(`SeaweedFS container did not store an object: ${waited.stdout}${waited.stderr}`);
  }
  return container;
}

/** Starts containers for the named servers (chromium and the weed program are not containers: ignored). */
export async function startContainers(names: InfraName[]): Promise<StartedInfra> {
  const images = imageTags();
  const containers: StartedTestContainer[] = [];
  let network: StartedNetwork | undefined;
  const stop = async () => {
    await Promise.allSettled(containers.map((container) => container.stop()));
    await network?.stop().catch(() => {});
  };
  const keep = <T extends StartedTestContainer>(container: T) => (containers.push(container), container);
  const infra: Infra = {};
  try {
    const wantsMongo = names.includes('mongo');
    // FerretDB keeps its data in Postgres: one Postgres serves both when the suite needs it too
    if (wantsMongo) network = await new Network().start();
    const pending: Promise<void>[] = [];
    if (names.includes('postgres') || wantsMongo) {
      pending.push(
        startPostgres(images.postgres, network).then(async (postgres) => {
          keep(postgres);
          infra.pgUrl = names.includes('postgres') ? `postgres://candor:candor@${postgres.getHost()}:${postgres.getMappedPort(5432)}/candor` : undefined;
          if (wantsMongo) {
            const ferretdb = keep(await startFerretDb(images.ferretdb, network!));
            infra.mongoUrl = `mongodb://${ferretdb.getHost()}:${ferretdb.getMappedPort(27017)}/candor`;
          }
        }),
      );
    }
    if (names.includes('kafka')) {
      pending.push(
        startKafka(images.kafka).then(({ container, port }) => {
          keep(container);
          infra.kafkaBrokers = [`127.0.0.1:${port}`];
        }),
      );
    }
    if (names.includes('s3')) {
      pending.push(
        startSeaweedFs(images.seaweedfs).then((weed) => {
          keep(weed);
          infra.s3 = { endpoint: `http://${weed.getHost()}:${weed.getMappedPort(8333)}`, ...s3Credentials, forcePathStyle: true };
        }),
      );
    }
    const results = await Promise.allSettled(pending);
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
  } catch (error) {
    await stop();
    throw error;
  }
  if (!infra.pgUrl) delete infra.pgUrl;
  return { infra, stop };
}
