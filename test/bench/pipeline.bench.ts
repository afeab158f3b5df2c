// `npm run bench`: the event pipeline against the real servers, next to two baselines on the same
// servers in the same run, printed as a table and written to bench-results.json (gitignored).
//
//   BENCH_CONCURRENCY (64)  concurrent clients in every phase
//   BENCH_DURATION_S  (15)  measured seconds per phase
//   BENCH_WARMUP_S    (2)   unmeasured seconds before each phase's window
//   BENCH_PIPELINE_ONLY=1   run the first pipeline phase(s) only and print their figures (for profiling:
//                           `BENCH_PIPELINE_ONLY=1 node --cpu-prof --import tsx test/bench/pipeline.bench.ts`)
//   BENCH_PIPELINE_SPLIT (both)  `0`: the service whole in the bench process; `1`: split in two
//                           processes (CANDOR_ROLE=commands here, CANDOR_ROLE=consumers in a child);
//                           `both`: the headline phase once each way, one process first
//
// Phases: the pipeline — timed to the projection's write of the job document (the headline figure;
// one process, then split), then to the runner's waitFor (what a `GET ?waitFor` costs, in the last
// shape) — then the three baselines: single-row pg INSERTs, kafkajs produce → consume, and the
// Mongo-wire server inserting job documents one and 32 at a time (the projection's write).
//
// Needs `npm run infra:up` (Postgres, Kafka, FerretDB); stops with a message naming what is missing.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { findInfra, REPO_ROOT } from '../support/infra';
import { benchKafka, kafkaPartitions, type KafkaBaselineResult } from './kafka-baseline';
import { benchMongoInserts, type MongoBaselineResult } from './mongo-baseline';
import { benchPgInserts, pgPoolSize, type PgBaselineResult } from './pg-baseline';
import { benchPipeline, type BenchServers, type LoadShape, type PipelineResult } from './pipeline';
import type { LatencySummary } from './stats';

const targets = { eventsPerSecond: 3000, commandToVisibleP99Ms: 250 };

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

async function servers(): Promise<BenchServers> {
  const status = await findInfra('postgres', 'kafka', 'mongo');
  if (!status.available) {
    throw new Error(
      `the bench needs real servers; not answering: ${status.missing.join(', ')}. Start them with \`npm run infra:up\`.`,
    );
  }
  const { pgUrl, kafkaBrokers, mongoUrl } = status.infra;
  return { pgUrl: pgUrl!, kafkaBrokers: kafkaBrokers!, mongoUrl: mongoUrl! };
}

const ms = (summary: LatencySummary) => `p50 ${summary.p50.toFixed(1)} ms · p99 ${summary.p99.toFixed(1)} ms`;

function table(
  shapes: PipelineResult[],
  pipeline: PipelineResult,
  viaWaitFor: PipelineResult,
  pg: PgBaselineResult,
  kafka: KafkaBaselineResult,
  mongo: MongoBaselineResult,
  ratios: Record<string, number>,
): string {
  const rows: [string, string, string][] = [
    ...shapes.map((shape): [string, string, string] => [
      `Pipeline (${shape.processes === 'split' ? 'two processes' : 'one process'}): HTTP command → job document in Mongo`,
      `${shape.eventsPerSecond} events/s`,
      ms(shape.commandToVisibleMs),
    ]),
    [`  stages of the best (${pipeline.processes === 'split' ? 'two processes' : 'one process'}):`, '', ''],
    ['  HTTP command alone (append + answer)', '', ms(pipeline.httpCommandMs)],
    ...Object.entries(pipeline.breakdownMs).map(([name, summary]): [string, string, string] => [
      `  ${name}`,
      '',
      ms(summary),
    ]),
    [
      '  relay batches',
      `${pipeline.relayBatches.perSecond}/s, mean ${pipeline.relayBatches.meanRows} rows`,
      `max ${pipeline.relayBatches.maxRows} rows`,
    ],
    [
      `Pipeline (${viaWaitFor.processes === 'split' ? 'two processes' : 'one process'}), visibility via runner.waitFor`,
      `${viaWaitFor.eventsPerSecond} events/s`,
      ms(viaWaitFor.commandToVisibleMs),
    ],
    ['Baseline: single-row pg INSERT', `${pg.rowsPerSecond} rows/s`, ms(pg.insertMs)],
    ['Baseline: kafkajs produce → consume', `${kafka.messagesPerSecond} msgs/s`, ms(kafka.produceToConsumeMs)],
    ['  produce alone (acks=all)', '', ms(kafka.produceMs)],
    ['Baseline: Mongo-wire insertOne (job document)', `${mongo.single.documentsPerSecond} docs/s`, ms(mongo.single.insertMs)],
    ['Baseline: Mongo-wire insertMany of 32', `${mongo.batchesOf32.documentsPerSecond} docs/s`, ms(mongo.batchesOf32.insertMs)],
    ['Pipeline ÷ pg inserts', `${ratios.pipelineOverPgInserts}`, ''],
    ['Pipeline ÷ kafka messages', `${ratios.pipelineOverKafkaMessages}`, ''],
    [
      `Targets: ≥ ${targets.eventsPerSecond} events/s, p99 ≤ ${targets.commandToVisibleP99Ms} ms`,
      pipeline.eventsPerSecond >= targets.eventsPerSecond ? 'throughput met' : 'throughput NOT met',
      pipeline.commandToVisibleMs.p99 <= targets.commandToVisibleP99Ms ? 'p99 met' : 'p99 NOT met',
    ],
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  │  ')).join('\n');
}

async function main(): Promise<void> {
  const load: LoadShape = {
    concurrency: numberFromEnv('BENCH_CONCURRENCY', 64),
    durationMs: numberFromEnv('BENCH_DURATION_S', 15) * 1000,
    warmupMs: numberFromEnv('BENCH_WARMUP_S', 2) * 1000,
  };
  const found = await servers();
  const startedAt = new Date();
  const loadBefore = loadavg();
  console.log(
    `bench: ${load.concurrency} clients, ${load.durationMs / 1000} s per phase (+${load.warmupMs / 1000} s warm-up), ${cpus().length} cores`,
  );

  const splitSetting = process.env.BENCH_PIPELINE_SPLIT ?? 'both';
  if (!['0', '1', 'both'].includes(splitSetting)) throw new Error(`BENCH_PIPELINE_SPLIT must be 0, 1 or both, got "${splitSetting}"`);
  const shapes = splitSetting === 'both' ? [false, true] : [splitSetting === '1'];
  const headline: PipelineResult[] = [];
  for (const split of shapes) {
    console.log(
      `1/5 pipeline (invite service ${split ? 'in two processes: commands here, consumers in a child' : 'in one process'}: HTTP → Postgres → outbox relay → Kafka → projection → Mongo)…`,
    );
    headline.push(await benchPipeline(found, load, 'written', split));
  }
  // the headline figure: the better of the shapes run
  const pipeline = headline.reduce((best, result) => (result.eventsPerSecond > best.eventsPerSecond ? result : best));
  const envelope = pipeline.envelope || 'x'.repeat(800);
  if (process.env.BENCH_PIPELINE_ONLY === '1') {
    console.log(JSON.stringify(headline, (key, value) => (key === 'envelope' ? undefined : value), 2));
    for (const shape of headline)
      console.log(
        `${shape.processes}: ${shape.eventsPerSecond} events/s, ${ms(shape.commandToVisibleMs)}, http ${ms(shape.httpCommandMs)}, cores ${JSON.stringify(shape.cpuCoresUsed)}, loop ${shape.serviceEventLoopUtilisation}/${shape.consumersEventLoopUtilisation ?? '-'}`,
      );
    console.log(`load average before ${loadBefore.map((v) => v.toFixed(2)).join(' ')}, after ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
    return;
  }
  console.log('2/5 pipeline again, each command waiting through runner.waitFor…');
  const viaWaitFor = await benchPipeline(found, load, 'waitFor', shapes[shapes.length - 1]);
  console.log('3/5 baseline: single-row Postgres INSERTs…');
  const pg = await benchPgInserts(found, load, envelope);
  console.log('4/5 baseline: kafkajs produce → consume…');
  const kafka = await benchKafka(found, load, envelope);
  console.log('5/5 baseline: the Mongo-wire server inserting job documents, one and 32 at a time…');
  const jobDocument = { ...((JSON.parse(envelope) as { data?: object }).data ?? {}), status: 'active', _applied: {} };
  const mongo = await benchMongoInserts(found, load, jobDocument);

  const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : NaN);
  const ratios = {
    pipelineOverPgInserts: ratio(pipeline.eventsPerSecond, pg.rowsPerSecond),
    pipelineOverKafkaMessages: ratio(pipeline.eventsPerSecond, kafka.messagesPerSecond),
  };
  const { envelope: _envelope, ...pipelineFigures } = pipeline;
  const { envelope: _same, ...viaWaitForFigures } = viaWaitFor;
  const loadAfter = loadavg();
  const results = {
    timestamp: startedAt.toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    machine: {
      cores: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadAverageBefore: loadBefore.map((value) => Math.round(value * 100) / 100),
      loadAverageAfter: loadAfter.map((value) => Math.round(value * 100) / 100),
    },
    parameters: {
      ...load,
      messageBytes: Buffer.byteLength(envelope),
      pgPoolSize,
      kafkaPartitions,
      visibility: {
        pipeline:
          'no extra query: t1 = the moment Mongo acknowledged the projection’s write of the job document (the service’s document store is wrapped through runService’s observeDocuments; split: in the consumers process, which reports it over IPC with its wall-clock time)',
        pipelineViaWaitFor:
          'in the command process: t1 = the projection runner’s waitFor(streamId, position) resolved (one process: after the document and its checkpoint are written; in either shape the runner’s one checkpoint poller reads each waiting stream’s checkpoint after 100 ms, then less and less often, as for a GET ?waitFor — split, that poll is the only way the command process learns it)',
      },
      clients:
        'closed loop: a client sends its next command once the previous one is visible; HTTP clients run in a worker thread of the bench process',
    },
    targets,
    pipeline: pipelineFigures,
    pipelineShapes: headline.map(({ envelope: _e, ...figures }) => figures),
    pipelineViaWaitFor: viaWaitForFigures,
    baselines: { pgInserts: pg, kafka, mongoInserts: mongo },
    ratios,
  };
  const file = join(REPO_ROOT, 'bench-results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${table(headline, pipeline, viaWaitFor, pg, kafka, mongo, ratios)}\n`);
  console.log(
    headline
      .map(
        (shape) =>
          `${shape.processes}: CPU cores used during the window: ${JSON.stringify(shape.cpuCoresUsed)}; service event loop busy ${Math.round(shape.serviceEventLoopUtilisation * 100)}%${shape.consumersEventLoopUtilisation === undefined ? '' : ` (consumers process ${Math.round(shape.consumersEventLoopUtilisation * 100)}%)`}; ${shape.processCpuMsPerEvent} ms of the bench process’s CPU per event`,
      )
      .join('\n'),
  );
  if (pipeline.failedCommands || pipeline.notVisibleWithin30s) {
    console.log(
      `failed commands: ${pipeline.failedCommands} ${JSON.stringify(pipeline.failures)}; not visible within 30 s: ${pipeline.notVisibleWithin30s}`,
    );
  }
  console.log(`results written to ${file}`);
}

// The whole bench must finish in a few minutes; a hang is a failure, not a wait.
const deadline = setTimeout(() => {
  console.error('bench: still running after 5 minutes; giving up');
  process.exit(2);
}, 5 * 60_000);
deadline.unref();

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof Error && error.stack) console.error(error.stack);
    process.exit(1);
  },
);
