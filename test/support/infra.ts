// Real servers for tests: where to find them, whether they answer, and a jest helper that runs,
// skips (loudly) or fails a suite accordingly.
//
// Servers come from, in order:
//   1. env vars CANDOR_TEST_PG_URL, CANDOR_TEST_KAFKA_BROKERS (comma-separated),
//      CANDOR_TEST_MONGO_URL, CANDOR_TEST_CHROMIUM, the S3 server's S3_ENDPOINT, S3_REGION,
//      S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE (the names the
//      recording service reads)
//      and CANDOR_TEST_SEAWEEDFS_BIN (the `weed` program, for suites that run a private S3 server);
//   2. <repo>/.cache/infra/env, written by `npm run infra:up` (deploy/infra/up.sh);
//   3. where a Docker engine answers (`docker info`), containers started for the suite
//      (test/support/containers.ts) for the servers still missing (postgres, kafka, mongo, s3).
// CANDOR_TEST_CONTAINERS=1 (`npm run test:containers`) skips 1 and 2 for those four: every suite
// starts its own containers through DOCKER_HOST (podman's API here), from the project's images.
// CANDOR_REQUIRE_INFRA=1 (CI) turns "missing" into a failing test instead of a skip.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';

export type InfraName = 'postgres' | 'kafka' | 'mongo' | 'chromium' | 's3' | 'seaweedfs';

/** An S3-API server and the bucket, region and credentials to use there. */
export interface S3Infra {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** bucket in the URL path (S3_FORCE_PATH_STYLE, default true: self-hosted servers need it) */
  forcePathStyle: boolean;
}

export interface Infra {
  pgUrl?: string;
  kafkaBrokers?: string[];
  mongoUrl?: string;
  chromiumPath?: string;
  s3?: S3Infra;
  /** the SeaweedFS `weed` program (deploy/infra/seaweedfs.sh), for suites that stop and start their own */
  seaweedfsBin?: string;
}

export interface InfraStatus {
  available: boolean;
  missing: InfraName[];
  infra: Infra;
}

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const INFRA_ENV_FILE = join(REPO_ROOT, '.cache', 'infra', 'env');
const PROBE_TIMEOUT_MS = 2_000;
const START_HINT = 'start them with npm run infra:up';

const ENV_KEYS = {
  postgres: 'CANDOR_TEST_PG_URL',
  kafka: 'CANDOR_TEST_KAFKA_BROKERS',
  mongo: 'CANDOR_TEST_MONGO_URL',
  chromium: 'CANDOR_TEST_CHROMIUM',
  s3: 'S3_ENDPOINT',
  seaweedfs: 'CANDOR_TEST_SEAWEEDFS_BIN',
} as const satisfies Record<InfraName, string>;

/** The servers a Docker engine can stand in for (test/support/containers.ts). */
const CONTAINERABLE: InfraName[] = ['postgres', 'kafka', 'mongo', 's3'];

/** CANDOR_TEST_CONTAINERS=1: the container servers come from containers only, never from env or file. */
export const containersOnly = () => process.env.CANDOR_TEST_CONTAINERS === '1';

/** Servers that are files on disk, not network endpoints: available when the file exists. */
const FILE_INFRA: InfraName[] = ['chromium', 'seaweedfs'];

/** KEY=VALUE lines of the env file (missing file: empty). */
function readEnvFile(file = INFRA_ENV_FILE): Record<string, string> {
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m?.[1] && m[2] !== undefined) out[m[1]] = m[2];
  }
  return out;
}

/** Where each server is said to be (process env wins over the env file); nothing is probed. */
export function configuredInfra(): Infra {
  const file = readEnvFile();
  const containerKeys: string[] = containersOnly() ? [ENV_KEYS.postgres, ENV_KEYS.kafka, ENV_KEYS.mongo, ENV_KEYS.s3] : [];
  const get = (key: string): string | undefined => {
    if (containerKeys.includes(key)) return undefined;
    const v = process.env[key] ?? file[key];
    return v ? v : undefined;
  };
  const brokers = get(ENV_KEYS.kafka);
  const s3Endpoint = get(ENV_KEYS.s3);
  const s3Bucket = get('S3_BUCKET');
  const s3Key = get('S3_ACCESS_KEY_ID');
  const s3Secret = get('S3_SECRET_ACCESS_KEY');
  return {
    pgUrl: get(ENV_KEYS.postgres),
    kafkaBrokers: brokers ? brokers.split(',').map((b) => b.trim()).filter(Boolean) : undefined,
    mongoUrl: get(ENV_KEYS.mongo),
    chromiumPath: get(ENV_KEYS.chromium) ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
    s3:
      s3Endpoint && s3Bucket && s3Key && s3Secret
        ? {
            endpoint: s3Endpoint,
            region: get('S3_REGION') ?? 'us-east-1',
            bucket: s3Bucket,
            accessKeyId: s3Key,
            secretAccessKey: s3Secret,
            forcePathStyle: get('S3_FORCE_PATH_STYLE') !== 'false',
          }
        : undefined,
    seaweedfsBin: get(ENV_KEYS.seaweedfs),
  };
}

function fileOf(name: InfraName, infra: Infra): string | undefined {
  return name === 'chromium' ? infra.chromiumPath : name === 'seaweedfs' ? infra.seaweedfsBin : undefined;
}

interface Endpoint {
  host: string;
  port: number;
}

function urlEndpoint(url: string | undefined, defaultPort: number): Endpoint | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    // mongodb://h1:p1,h2:p2/... is not a WHATWG URL with several hosts; the first host is enough.
    return { host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(u.port) || defaultPort };
  } catch {
    const m = /^[a-z+]+:\/\/(?:[^@/]*@)?([^:/,]+)(?::(\d+))?/i.exec(url);
    return m?.[1] ? { host: m[1], port: Number(m[2]) || defaultPort } : undefined;
  }
}

function brokerEndpoint(broker: string | undefined): Endpoint | undefined {
  const m = broker ? /^\[?([^\]]+?)\]?:(\d+)$/.exec(broker) : null;
  return m?.[1] ? { host: m[1], port: Number(m[2]) } : undefined;
}

/** The TCP endpoint that must answer for each network server (chromium has none). */
function endpointsOf(names: InfraName[], infra: Infra): Map<InfraName, Endpoint | undefined> {
  const map = new Map<InfraName, Endpoint | undefined>();
  for (const name of names) {
    if (name === 'postgres') map.set(name, urlEndpoint(infra.pgUrl, 5432));
    if (name === 'mongo') map.set(name, urlEndpoint(infra.mongoUrl, 27017));
    if (name === 'kafka') map.set(name, brokerEndpoint(infra.kafkaBrokers?.[0]));
    if (name === 's3') map.set(name, urlEndpoint(infra.s3?.endpoint, 443));
  }
  return map;
}

function tcpAnswers({ host, port }: Endpoint, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** Same probe, synchronously: jest registers tests synchronously, so a child node does the wait. */
function tcpAnswersSync(endpoints: Endpoint[]): boolean[] {
  if (endpoints.length === 0) return [];
  const script = `
    const net = require('node:net');
    const eps = JSON.parse(process.argv[1]);
    Promise.all(eps.map(({ host, port }) => new Promise((done) => {
      const s = net.connect({ host, port });
      const fin = (ok) => { s.destroy(); done(ok); };
      s.setTimeout(${PROBE_TIMEOUT_MS}, () => fin(false));
      s.once('connect', () => fin(true));
      s.once('error', () => fin(false));
    }))).then((r) => process.stdout.write(JSON.stringify(r)));`;
  const res = spawnSync(process.execPath, ['-e', script, JSON.stringify(endpoints)], {
    encoding: 'utf8',
    timeout: PROBE_TIMEOUT_MS + 5_000,
  });
  try {
    const parsed: unknown = JSON.parse(res.stdout);
    if (Array.isArray(parsed) && parsed.length === endpoints.length) return parsed.map((v) => v === true);
  } catch {
    // fall through: treat as unreachable
  }
  return endpoints.map(() => false);
}

function assemble(names: InfraName[], infra: Infra, answers: Map<InfraName, boolean>): InfraStatus {
  const missing = names.filter((n) => !answers.get(n));
  const picked: Infra = {};
  if (names.includes('postgres') && answers.get('postgres')) picked.pgUrl = infra.pgUrl;
  if (names.includes('kafka') && answers.get('kafka')) picked.kafkaBrokers = infra.kafkaBrokers;
  if (names.includes('mongo') && answers.get('mongo')) picked.mongoUrl = infra.mongoUrl;
  if (names.includes('chromium') && answers.get('chromium')) picked.chromiumPath = infra.chromiumPath;
  if (names.includes('s3') && answers.get('s3')) picked.s3 = infra.s3;
  if (names.includes('seaweedfs') && answers.get('seaweedfs')) picked.seaweedfsBin = infra.seaweedfsBin;
  return { available: missing.length === 0, missing, infra: picked };
}

/**
 * Reads env vars (CANDOR_TEST_PG_URL, CANDOR_TEST_KAFKA_BROKERS, CANDOR_TEST_MONGO_URL,
 * CANDOR_TEST_CHROMIUM, S3_*, CANDOR_TEST_SEAWEEDFS_BIN) falling back to .cache/infra/env at the repo
 * root, and checks each named server really answers (TCP connect within 2 s; chromium and seaweedfs:
 * the file exists).
 */
export async function findInfra(...names: InfraName[]): Promise<InfraStatus> {
  const infra = configuredInfra();
  const endpoints = endpointsOf(names, infra);
  const answers = new Map<InfraName, boolean>();
  await Promise.all(
    names.map(async (name) => {
      if (FILE_INFRA.includes(name)) answers.set(name, existsSync(fileOf(name, infra) ?? ''));
      else {
        const ep = endpoints.get(name);
        answers.set(name, ep ? await tcpAnswers(ep) : false);
      }
    }),
  );
  return assemble(names, infra, answers);
}

/** findInfra, synchronously (for use while jest collects tests). */
export function findInfraSync(...names: InfraName[]): InfraStatus {
  const infra = configuredInfra();
  const endpoints = endpointsOf(names, infra);
  const answers = new Map<InfraName, boolean>();
  const probed: InfraName[] = [];
  const toProbe: Endpoint[] = [];
  for (const name of names) {
    if (FILE_INFRA.includes(name)) answers.set(name, existsSync(fileOf(name, infra) ?? ''));
    else {
      const ep = endpoints.get(name);
      if (ep) {
        probed.push(name);
        toProbe.push(ep);
      } else answers.set(name, false);
    }
  }
  tcpAnswersSync(toProbe).forEach((ok, i) => answers.set(probed[i]!, ok));
  return assemble(names, infra, answers);
}

let dockerAnswer: boolean | undefined;
/** True when a Docker engine answers (`docker info`); cached per process. */
export function dockerAvailable(): boolean {
  if (process.env.CANDOR_TEST_NO_DOCKER === '1') return false;
  // the podman API (DOCKER_HOST) with no docker CLI: test:containers checked that it answers
  if (containersOnly()) return true;
  dockerAnswer ??= spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  return dockerAnswer;
}

/**
 * A describe block that needs real servers.
 *
 *   describeWithInfra('event store on Postgres', ['postgres'], (getInfra) => {
 *     test('...', async () => { const { pgUrl } = getInfra(); ... });
 *   });
 *
 * - All named servers answer: the block runs; getInfra() returns their addresses.
 * - Some are missing and a Docker engine answers: containers are started in beforeAll (and
 *   stopped in afterAll); call getInfra() inside hooks/tests, not at collection time.
 * - Otherwise, with CANDOR_REQUIRE_INFRA=1: a failing test naming what is missing and how to
 *   start it. Without it: describe.skip plus a loud console.warn.
 */
export function describeWithInfra(title: string, names: InfraName[], fn: (getInfra: () => Infra) => void): void {
  const status = findInfraSync(...names);
  const wanted = names.join(', ');

  if (status.available) {
    describe(title, () => fn(() => status.infra));
    return;
  }

  const containerable = status.missing.filter((n) => CONTAINERABLE.includes(n));
  if (containerable.length === status.missing.length && dockerAvailable()) {
    describe(title, () => {
      let infra: Infra | undefined;
      let stop: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        // Loaded lazily: testcontainers is heavy and only this path needs it.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { startContainers } = require('./containers') as typeof import('./containers');
        const started = await startContainers(containerable);
        stop = started.stop;
        infra = { ...status.infra, ...started.infra };
      }, 300_000);
      afterAll(async () => {
        await stop?.();
      }, 120_000);
      fn(() => {
        if (!infra) throw new Error(`${title}: containers for ${containerable.join(', ')} are not started yet (call getInfra() in hooks or tests)`);
        return infra;
      });
    });
    return;
  }

  const missing = status.missing.join(', ');
  const why = `needs ${missing} (${describeMissing(status.missing)}); ${START_HINT}`;
  if (process.env.CANDOR_REQUIRE_INFRA === '1') {
    describe(title, () => {
      test(`real servers answer: ${wanted}`, () => {
        throw new Error(`CANDOR_REQUIRE_INFRA=1 but "${title}" ${why}`);
      });
    });
    return;
  }
  const banner = '!'.repeat(78);
  console.warn(`\n${banner}\nSKIPPED ${title}: ${why}\n${banner}\n`);
  describe.skip(`${title} [SKIPPED: needs ${missing}; ${START_HINT}]`, () => fn(() => status.infra));
}

/** What was looked for, so a failure message says where it looked. */
function describeMissing(missing: InfraName[]): string {
  const infra = configuredInfra();
  return missing
    .map((n) => {
      if (n === 'chromium') return `chromium: no file at ${infra.chromiumPath ?? '$CANDOR_TEST_CHROMIUM or /usr/bin/chromium'}`;
      if (n === 'seaweedfs') return `seaweedfs: no weed program at ${infra.seaweedfsBin ?? `$${ENV_KEYS.seaweedfs} (not set)`}`;
      if (n === 's3' && !infra.s3) return 's3: S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are not all set (env or env file)';
      const where =
        n === 'postgres' ? infra.pgUrl : n === 'mongo' ? infra.mongoUrl : n === 's3' ? infra.s3?.endpoint : infra.kafkaBrokers?.join(',');
      return where ? `${n}: nothing answers at ${redact(where)}` : `${n}: ${ENV_KEYS[n]} not set and not in ${INFRA_ENV_FILE}`;
    })
    .join('; ');
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
