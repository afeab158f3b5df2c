// The fault-injection suite's own Kafka broker and own Postgres server: it kills and restarts them,
// so it never touches the shared ones (deploy/infra on 59092 / 55432). Each runs on free ports with
// its data under a fresh folder, from what deploy/infra already installed: Kafka's jars from the
// cache deploy/infra/kafka.sh fills (<repo>/.cache/infra/kafka/libs-<version>, or CANDOR_KAFKA_LIBS),
// Postgres from Debian's postgresql-15 (initdb / pg_ctl; as the `postgres` user when run as root,
// since initdb refuses root, so its folder is under /var/tmp where that user can write).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { REPO_ROOT } from '../support/infra';

const PG_BIN = '/usr/lib/postgresql/15/bin';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function portAnswers(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Where the Kafka jars are: CANDOR_KAFKA_LIBS, else the cache deploy/infra/kafka.sh fills. */
export function kafkaLibs(): string | undefined {
  if (process.env.CANDOR_KAFKA_LIBS) return process.env.CANDOR_KAFKA_LIBS;
  const pom = readFileSync(join(REPO_ROOT, 'deploy', 'infra', 'kafka', 'pom.xml'), 'utf8');
  const version = /<kafka.version>(.*)<\/kafka.version>/.exec(pom)?.[1];
  const libs = join(REPO_ROOT, '.cache', 'infra', 'kafka', `libs-${version}`);
  return existsSync(join(libs, '.complete')) ? libs : undefined;
}

export const postgresMissing = () =>
  existsSync(join(PG_BIN, 'initdb')) ? undefined : `${PG_BIN}/initdb (postgresql-15) is not installed`;
export const javaMissing = () => (spawnSync('java', ['-version']).status === 0 ? undefined : 'java is not on the PATH');

export interface OwnKafka {
  brokers: string;
  /** kill -9 the broker (the JVM), as a crash would */
  kill(): void;
  /** starts it again on the same ports and data; resolves when it answers */
  start(): Promise<void>;
  stop(): Promise<void>;
  log(): string;
}

/** A single-node KRaft broker like deploy/infra/kafka.sh's, on free ports, data in `dir`. */
export async function startOwnKafka(dir: string, libs: string): Promise<OwnKafka> {
  const [port, controllerPort] = [await freePort(), await freePort()];
  const data = join(dir, 'data');
  const config = join(dir, 'server.properties');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    config,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      `log.dirs=${data}`,
      'num.partitions=3',
      'auto.create.topics.enable=true',
      'offsets.topic.replication.factor=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      '',
    ].join('\n'),
  );
  const javaArgs = [
    '-Xms256m',
    '-Xmx512m',
    '-XX:+UseG1GC',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${join(REPO_ROOT, 'deploy', 'infra', 'kafka', 'log4j2.properties')}`,
    '-cp',
    `${libs}/*`,
  ];
  const clusterId = randomBytes(16).toString('base64url').replace(/^[-_]/, 'A');
  const format = spawnSync(
    'java',
    [...javaArgs, 'kafka.tools.StorageTool', 'format', '--cluster-id', clusterId, '--config', config],
    {
      encoding: 'utf8',
    },
  );
  if (format.status !== 0) throw new Error(`kafka storage format failed: ${format.stdout}${format.stderr}`);

  let child: ChildProcess | undefined;
  let output = '';
  const start = async () => {
    child = spawn('java', [...javaArgs, 'kafka.Kafka', config], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-20_000)));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-20_000)));
    await until(() => portAnswers(port), 120_000, `kafka did not answer on ${port}\n${output.slice(-3000)}`);
  };
  const kill = () => {
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  };
  await start();
  return {
    brokers: `127.0.0.1:${port}`,
    kill,
    start,
    async stop() {
      kill();
      await until(async () => !(await portAnswers(port, 300)), 20_000, 'kafka did not stop');
    },
    log: () => output,
  };
}

export interface OwnPostgres {
  url: string;
  /** pg_ctl restart -m fast: every connection is dropped, the server is back a moment later */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A throwaway Postgres cluster (initdb) on a free port, trust auth on 127.0.0.1 only. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join('/var/tmp', 'candor-faults-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  if (root) {
    chmodSync(dir, 0o777);
  }
  const asPg = (command: string, args: string[]) =>
    root
      ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' })
      : spawnSync(command, args, { encoding: 'utf8' });
  const init = asPg(join(PG_BIN, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stdout}${init.stderr}`);
  const options = `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const pgCtl = (...args: string[]) => {
    const result = asPg(join(PG_BIN, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      join(dir, 'postgres.log'),
      '-w',
      '-t',
      '60',
      '-o',
      options,
      ...args,
    ]);
    if (result.status !== 0) throw new Error(`pg_ctl ${args.join(' ')} failed: ${result.stdout}${result.stderr}`);
  };
  pgCtl('start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async restart() {
      pgCtl('-m', 'fast', 'restart');
    },
    async stop() {
      try {
        pgCtl('-m', 'immediate', 'stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
