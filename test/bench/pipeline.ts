// The pipeline bench: the invite service, started by runService against the real servers, takes
// `POST /api/invite/jobs` from concurrent HTTP clients (a worker thread). Each command appends one
// event; we time it from before the request until the jobs projection has written the job's
// document to Mongo (or until the runner's `waitFor` answers). The service runs either whole in
// this process, or split as a deployment may run it (`split`): its command side (CANDOR_ROLE=
// commands: HTTP API, event store, outbox relay) here and its consumers (CANDOR_ROLE=consumers: the
// projection) in a child process, so the two use both cores.
//
// The service runs on its own Kafka topic and consumer group (random names, deleted afterwards) and
// on fresh Postgres and Mongo databases, so neither old events nor a test running at the same time
// share its work; the code path is the service's own.
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { jobsProjection } from '@candor/invite';
import {
  generateSigningKey,
  ownTokenKeys,
  tokenIssuers,
  createSessionTokens,
  generateLinkKeys,
} from '@candor/runtime';
import { createFreshDatabases } from '../distributed/fresh-databases';
import type { ClientsSetup, CommandSent } from './http-clients.worker';
import { measureCpu } from './cpu';
import type { FromConsumers, ToConsumers } from './pipeline-consumers.child';
import { benchProjection, runBenchInviteService, type BenchServiceSetup } from './pipeline-service';
import { observePuts, type ReadModelObserver } from './read-model-observer';
import { measurementWindow, summarise, wallMs, type LatencySummary } from './stats';

export interface BenchServers {
  pgUrl: string;
  kafkaBrokers: string[];
  mongoUrl: string;
}

export interface LoadShape {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}

/**
 * How the bench learns that a command's job is visible:
 * - `written`: in process, the moment Mongo acknowledged the projection's write of the job
 *   document (the service's document store is wrapped; no extra query);
 * - `waitFor`: the projection runner's own waitFor, in process — the path a `GET ?waitFor` takes:
 *   woken after the document and its checkpoint are written; meanwhile the runner's checkpoint
 *   poller reads each waiting stream's checkpoint after 100 ms, then less and less often.
 */
export type VisibilitySignal = 'written' | 'waitFor';

export interface PipelineResult {
  /** `one`: the whole service in the bench process; `split`: its consumers in a second process */
  processes: 'one' | 'split';
  /** split: the consumers process's event loop busy share over the window */
  consumersEventLoopUtilisation?: number;
  visibilitySignal: VisibilitySignal;
  commands: number;
  failedCommands: number;
  /** HTTP status (0: no answer) → how many commands failed with it */
  failures: Record<string, number>;
  notVisibleWithin30s: number;
  eventsVisible: number;
  eventsPerSecond: number;
  commandToVisibleMs: LatencySummary;
  httpCommandMs: LatencySummary;
  /** where a command's time goes, from Postgres timestamps (same machine clock) */
  breakdownMs: Record<string, LatencySummary>;
  relayBatches: { count: number; meanRows: number; maxRows: number; perSecond: number };
  serviceEventLoopUtilisation: number;
  /** CPU ms this process (service + HTTP client worker) spent per visible event */
  processCpuMsPerEvent: number;
  cpuCoresUsed: Record<string, number>;
  /** one event as it travels on the bus, to size the Kafka baseline's messages */
  envelope: string;
}

interface Sample {
  streamId: string;
  t0: number;
  tHttp: number;
  t1?: number;
  /** `written`: when the projection began the Mongo write that made it visible */
  tWrite?: number;
}

const jobBody = JSON.stringify({
  title: 'Senior backend engineer (benchmark)',
  description: 'Builds event-sourced services in TypeScript: Postgres event store, Kafka bus, Mongo read models.',
  questions: [
    { text: 'Tell us about a system you made faster, and how you measured it.' },
    { text: 'How would you make a projection idempotent?' },
    { text: 'What does at-least-once delivery mean for a consumer?' },
  ],
});

/** Runs the HTTP clients in a worker and answers each command once it is visible (or failed). */
function driveClients(setup: ClientsSetup, waitVisible: (sent: CommandSent) => Promise<void>): Promise<void> {
  const worker = new Worker(join(__dirname, 'http-clients.worker.ts'), { workerData: setup });
  return new Promise<void>((resolve, reject) => {
    worker.on('message', (message: CommandSent | { type: 'done' }) => {
      if (message.type === 'done') {
        void worker.terminate().then(() => resolve());
        return;
      }
      void waitVisible(message).finally(() => worker.postMessage({ type: 'settled', id: message.id }));
    });
    worker.on('error', reject);
  });
}

async function timeline(databaseUrl: string) {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const events = await pg.query<{ stream_id: string; appended: number; relayed: number }>(
      `SELECT e.stream_id, extract(epoch FROM e.recorded_at) * 1000 AS appended, extract(epoch FROM o.published_at) * 1000 AS relayed
         FROM invite.events e JOIN invite.outbox o ON o.position = e.position`,
    );
    const batches = await pg.query<{ rows: number; at: number }>(
      `SELECT count(*)::int AS rows, extract(epoch FROM published_at) * 1000 AS at FROM invite.outbox GROUP BY published_at`,
    );
    return {
      byStream: new Map(
        events.rows.map((row) => [row.stream_id, { appended: Number(row.appended), relayed: Number(row.relayed) }]),
      ),
      batches: batches.rows.map((row) => ({ rows: row.rows, at: Number(row.at) })),
    };
  } finally {
    await pg.end();
  }
}

interface ConsumersWindow {
  eventLoopUtilisation: number;
  cpuCores: number;
}

interface ConsumersProcess {
  windowStart(): void;
  windowEnd(): Promise<ConsumersWindow>;
  stop(): Promise<void>;
}

/**
 * The service's consumers (CANDOR_ROLE=consumers) in a child process; each job document it writes
 * is passed to the bench's observer with the moment Mongo acknowledged it there (the same machine's
 * clock: performance.timeOrigin + now in both processes).
 */
async function startConsumersProcess(setup: BenchServiceSetup, observer: ReadModelObserver): Promise<ConsumersProcess> {
  const child = fork(join(__dirname, 'pipeline-consumers.child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_SERVICE_SETUP: JSON.stringify(setup) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const awaiting = new Map<FromConsumers['type'], (message: FromConsumers) => void>();
  const next = <T extends FromConsumers['type']>(type: T) =>
    new Promise<Extract<FromConsumers, { type: T }>>((resolve, reject) => {
      awaiting.set(type, resolve as (message: FromConsumers) => void);
      child.once('exit', (code) => reject(new Error(`the consumers process exited (${code}) before '${type}'`)));
    });
  child.on('message', (message: FromConsumers) => {
    if (message.type === 'written') for (const id of message.ids) observer.note(id, message.at, message.startedAt);
    else awaiting.get(message.type)?.(message);
  });
  const send = (message: ToConsumers) => child.send(message);
  await next('ready');
  return {
    windowStart: () => send({ type: 'window-start' }),
    windowEnd: async () => {
      const figures = next('window');
      send({ type: 'window-end' });
      const { eventLoopUtilisation, cpuCores } = await figures;
      return { eventLoopUtilisation, cpuCores };
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function benchPipeline(
  servers: BenchServers,
  load: LoadShape,
  signal: VisibilitySignal,
  split = false,
): Promise<PipelineResult> {
  const databases = await createFreshDatabases({
    pgUrl: servers.pgUrl,
    mongoUrl: servers.mongoUrl,
    prefix: 'candor_bench',
  });
  const suffix = randomBytes(4).toString('hex');
  const identityKey = await generateSigningKey();
  const setup: BenchServiceSetup = {
    topic: `candor.bench_${suffix}.invite.events`,
    projectionName: `bench_${suffix}.invite.jobs`,
    identityKey,
    linkKeys: generateLinkKeys(),
    env: {
      DATABASE_URL: databases.databaseUrl,
      KAFKA_BROKERS: servers.kafkaBrokers.join(','),
      MONGO_URL: databases.mongoUrl,
      MONGO_DATABASE: databases.mongoDatabase,
      CANDOR_SIGNING_KEYS: JSON.stringify({ keys: [await generateSigningKey()] }),
      PORT: '0',
      LOG_LEVEL: 'warn',
    },
  };
  const projection = benchProjection(setup);
  const topic = setup.topic;
  const sessionKeys = await ownTokenKeys(tokenIssuers.identity, [identityKey]);
  const kafka = new Kafka({
    clientId: 'candor-bench-admin',
    brokers: servers.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();

  const observer = observePuts(jobsProjection.collection);
  // split: the consumers in a second process first (its consumer group joins while the command
  // side starts), then the command side here
  const consumers = split ? await startConsumersProcess(setup, observer) : undefined;
  const running = await runBenchInviteService(setup, split ? 'commands' : 'all', { observeDocuments: observer.wrap }).catch(
    async (error: unknown) => {
      await consumers?.stop();
      throw error;
    },
  );
  try {
    const runner = running.host.runners[projection.name]!;
    const { token } = await createSessionTokens(sessionKeys).sign({
      sub: randomUUID(),
      org: randomUUID(),
      name: 'Bench Recruiter',
      email: 'bench@example.com',
      orgName: 'Bench Org',
    });

    const samples: Sample[] = [];
    let failedCommands = 0;
    const failures: Record<string, number> = {};
    let notVisible = 0;
    const window = measurementWindow(load);
    let stopCpu: (() => Record<string, number>) | undefined;
    let eluFrom: ReturnType<typeof performance.eventLoopUtilization> | undefined;
    const windowStart = setTimeout(() => {
      stopCpu = measureCpu();
      eluFrom = performance.eventLoopUtilization();
      consumers?.windowStart();
    }, load.warmupMs);
    let cpuCoresUsed: Record<string, number> = {};
    let elu = NaN;
    let consumersWindowFigures: Promise<ConsumersWindow> | undefined;
    const windowEnd = setTimeout(() => {
      cpuCoresUsed = stopCpu?.() ?? {};
      elu = eluFrom ? performance.eventLoopUtilization(eluFrom).utilization : NaN;
      consumersWindowFigures = consumers?.windowEnd();
    }, load.warmupMs + load.durationMs);

    await driveClients(
      { url: running.server.url, token, body: jobBody, concurrency: load.concurrency, until: window.to },
      async (sent) => {
        if (sent.status !== 201 || !sent.streamId || !sent.jobId || sent.position === undefined) {
          failedCommands += 1;
          failures[sent.status] = (failures[sent.status] ?? 0) + 1;
          return;
        }
        const sample: Sample = { streamId: sent.streamId, t0: sent.t0, tHttp: sent.tHttp };
        samples.push(sample);
        if (signal === 'written') {
          sample.t1 = await observer.visible(sent.jobId, 30_000);
          sample.tWrite = observer.writeStartedAt(sent.jobId);
        }
        else if (await runner.waitFor(sent.streamId, sent.position, 30_000)) sample.t1 = wallMs();
        if (sample.t1 === undefined) notVisible += 1;
      },
    );
    clearTimeout(windowStart);
    clearTimeout(windowEnd);

    const [first] = await running.host.store.readAll({ after: 0, limit: 1 });
    const measured = samples.filter((sample) => window.has(sample.t0));
    const visibleInWindow = samples.filter((sample) => sample.t1 !== undefined && window.has(sample.t1)).length;
    const { byStream, batches } = await timeline(databases.databaseUrl);
    const windowBatches = batches.filter((batch) => window.has(batch.at));
    const segments = {
      'request → append transaction': [] as number[],
      'append → relay picks it up': [] as number[],
      'relay → visible in read model': [] as number[],
      '  of which relay → projection begins its write (Kafka, tombstone read)': [] as number[],
      '  of which the projection\'s Mongo write': [] as number[],
    };
    for (const sample of measured) {
      const at = byStream.get(sample.streamId);
      if (!at || sample.t1 === undefined) continue;
      segments['request → append transaction'].push(at.appended - sample.t0);
      segments['append → relay picks it up'].push(at.relayed - at.appended);
      segments['relay → visible in read model'].push(sample.t1 - at.relayed);
      if (sample.tWrite !== undefined) {
        segments['  of which relay → projection begins its write (Kafka, tombstone read)'].push(sample.tWrite - at.relayed);
        segments['  of which the projection\'s Mongo write'].push(sample.t1 - sample.tWrite);
      }
    }

    const consumersWindow = await consumersWindowFigures;
    if (consumersWindow) cpuCoresUsed.consumers_process = consumersWindow.cpuCores;
    return {
      processes: split ? 'split' : 'one',
      consumersEventLoopUtilisation: consumersWindow?.eventLoopUtilisation,
      visibilitySignal: signal,
      commands: measured.length,
      failedCommands,
      failures,
      notVisibleWithin30s: notVisible,
      eventsVisible: visibleInWindow,
      eventsPerSecond: Math.round(visibleInWindow / (load.durationMs / 1000)),
      commandToVisibleMs: summarise(
        measured.flatMap((sample) => (sample.t1 === undefined ? [] : [sample.t1 - sample.t0])),
      ),
      httpCommandMs: summarise(measured.map((sample) => sample.tHttp - sample.t0)),
      breakdownMs: Object.fromEntries(Object.entries(segments).map(([name, values]) => [name, summarise(values)])),
      relayBatches: {
        count: windowBatches.length,
        meanRows:
          Math.round(
            (windowBatches.reduce((sum, batch) => sum + batch.rows, 0) / Math.max(1, windowBatches.length)) * 10,
          ) / 10,
        maxRows: Math.max(0, ...windowBatches.map((batch) => batch.rows)),
        perSecond: Math.round(windowBatches.length / (load.durationMs / 1000)),
      },
      serviceEventLoopUtilisation: Math.round(elu * 100) / 100,
      processCpuMsPerEvent:
        Math.round(
          ((cpuCoresUsed.bench_process ?? NaN) * 1000 * 100) / Math.max(1, visibleInWindow / (load.durationMs / 1000)),
        ) / 100,
      cpuCoresUsed,
      envelope: first ? JSON.stringify(first) : '',
    };
  } finally {
    await running.stop();
    await consumers?.stop();
    await admin.deleteGroups([`projection.${projection.name}`]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await databases.drop();
  }
}
