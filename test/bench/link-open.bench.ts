// `npm run bench:links` (part of `npm run bench`): opening links under load on loopback, each next to a
// bare express app doing the same request in the same run, written to bench-results-link-open.json
// and printed as a table.
//
// Two opens, each what a page's server does on every view (link-open.targets.ts):
// - candidate link: GET /api/session/candidate/session with `Authorization: Bearer <link token>`
//   (rate limits, token parse, the session's write model, constant-time check against its link ids,
//   the view). The bare app answers the same JSON.
// - live link: POST /api/invite/live-links/open { token, role } (the same checks against the live
//   interview's write model, then a freshly signed live token). The bare app signs a live token too.
// On two set-ups of Candor, each with its own bare-express baseline measured just before it:
// `embedded` (what `npm start` runs) and `postgres` (the services on a real Postgres server, as the
// distributed mode stores; skipped, loudly, without `npm run infra:up`). autocannon drives every
// phase from a child process (link-open.loader.ts), so the load generator does not share the servers'
// event loop: 16 connections for maximum throughput, then a fixed rate. The server's CPU time per
// answered request (`process.cpuUsage` of this process over the phase) is the figure to compare on a
// busy machine; the load average is recorded.
//
//   BENCH_DURATION_S (10)              measured seconds per phase
//   BENCH_CONNECTIONS (16)             connections in the throughput phases
//   BENCH_RATE (1000)                  requests per second in the fixed-rate phases
//   BENCH_LINK_MODES (embedded,postgres)  which set-ups
//   BENCH_LINKS (candidate,live)       which opens
//   BENCH_PROFILE=1                    only Candor's throughput phase (for `node --cpu-prof`: the
//                                      profile then holds nothing of the bare app), no results file
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, configuredInfra } from '../support/infra';
import { bareExpress, embeddedCandor, linksOn, postgresCandor, type BenchRequest, type RunningCandor } from './link-open.targets';

const duration = Number(process.env.BENCH_DURATION_S ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const rate = Number(process.env.BENCH_RATE ?? 1000);
const modes = (process.env.BENCH_LINK_MODES ?? 'embedded,postgres').split(',');
const links = (process.env.BENCH_LINKS ?? 'candidate,live').split(',') as ('candidate' | 'live')[];
const targets = { ratioToBareExpress: 0.7, p99MsAtRate: 20 };

export interface Phase {
  requestsPerSecond: number;
  opensPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  /** CPU time of this process (the server: Candor or the bare app) per answered request */
  serverCpuMsPerRequest?: number;
  /** the machine's 1-minute load average when the phase ended */
  load?: number;
}

const loadAverage = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

/** Runs the load in its own process, and counts this process's CPU time per answered request. */
async function load(url: string, request: BenchRequest, options: { connections: number; overallRate?: number }): Promise<Phase> {
  const before = process.cpuUsage();
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'link-open.loader.ts')], {
    env: { ...process.env, LOAD: JSON.stringify({ url, request, duration, ...options }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the load generator failed (exit ${code}): ${output}`);
  const phase = JSON.parse(output) as Phase;
  const used = process.cpuUsage(before);
  const answered = phase.requestsPerSecond * duration;
  return {
    ...phase,
    serverCpuMsPerRequest: Math.round(((used.user + used.system) / 1000 / answered) * 1000) / 1000,
    load: loadAverage(),
  };
}

interface Comparison {
  mode: string;
  link: string;
  bareMax: Phase;
  candorMax: Phase;
  bareAtRate: Phase;
  candorAtRate: Phase;
  ratio: number;
  cpuRatio: number;
  met: { ratio: boolean; p99: boolean };
}

const profiling = process.env.BENCH_PROFILE === '1';

async function compare(mode: string, link: 'candidate' | 'live', candor: RunningCandor, bareUrl: string, request: BenchRequest) {
  if (profiling) {
    const candorMax = await load(candor.url, request, { connections });
    console.log(`${link} link open, ${mode}, profiled: ${candorMax.requestsPerSecond} req/s, cpu ${candorMax.serverCpuMsPerRequest} ms/req, load ${candorMax.load}`);
    return undefined;
  }
  const bareMax = await load(bareUrl, request, { connections });
  const candorMax = await load(candor.url, request, { connections });
  const bareAtRate = await load(bareUrl, request, { connections: 50, overallRate: rate });
  const candorAtRate = await load(candor.url, request, { connections: 50, overallRate: rate });
  const ratio = Number((candorMax.requestsPerSecond / bareMax.requestsPerSecond).toFixed(3));
  const cpuRatio = Number((bareMax.serverCpuMsPerRequest! / candorMax.serverCpuMsPerRequest!).toFixed(3));
  const comparison: Comparison = {
    mode,
    link,
    bareMax,
    candorMax,
    bareAtRate,
    candorAtRate,
    ratio,
    cpuRatio,
    met: {
      ratio: ratio >= targets.ratioToBareExpress,
      p99: candorAtRate.latencyMs.p99 <= targets.p99MsAtRate && candorAtRate.requestsPerSecond >= rate * 0.95,
    },
  };
  print(comparison);
  return comparison;
}

function print(c: Comparison): void {
  const line = (name: string, phase: Phase) =>
    `${name.padEnd(34)} ${`${phase.requestsPerSecond} req/s`.padEnd(14)} p50 ${phase.latencyMs.p50} / p99 ${phase.latencyMs.p99} ms`.padEnd(84) +
    ` cpu ${phase.serverCpuMsPerRequest} ms/req, load ${phase.load}`;
  console.log(`\n${c.link} link open, ${c.mode}`);
  console.log(line('  bare express, max', c.bareMax));
  console.log(line('  Candor, max', c.candorMax));
  console.log(line(`  bare express at ${rate} req/s`, c.bareAtRate));
  console.log(line(`  Candor at ${rate} req/s`, c.candorAtRate));
  console.log(`  Candor ÷ bare express: ${c.ratio} req/s, ${c.cpuRatio} CPU per request`);
  console.log(
    `  targets (≥ ${targets.ratioToBareExpress} of bare express; p99 ≤ ${targets.p99MsAtRate} ms at ${rate} req/s): ratio ${c.met.ratio ? 'met' : 'NOT met'}, p99 ${c.met.p99 ? 'met' : 'NOT met'}`,
  );
  for (const [name, phase] of Object.entries({ bareMax: c.bareMax, candorMax: c.candorMax, bareAtRate: c.bareAtRate, candorAtRate: c.candorAtRate })) {
    if (phase.non2xx > 0 || phase.errors > 0) console.log(`  WARNING: ${name} had ${phase.non2xx} non-2xx answers and ${phase.errors} errors`);
  }
}

async function main(): Promise<void> {
  console.log(`link open bench: ${duration} s per phase, ${connections} connections, fixed rate ${rate} req/s, ${cpus().length} cores, load ${loadAverage()}`);
  const comparisons: Comparison[] = [];
  const skipped: string[] = [];
  for (const mode of modes) {
    let candor: RunningCandor;
    if (mode === 'postgres') {
      const pgUrl = configuredInfra().pgUrl;
      if (!pgUrl) {
        const reason = 'SKIPPED the postgres set-up: no Postgres server (npm run infra:up, or CANDOR_TEST_PG_URL)';
        console.log(reason);
        skipped.push(reason);
        continue;
      }
      candor = await postgresCandor(pgUrl);
    } else candor = await embeddedCandor();
    try {
      const opened = await linksOn(candor);
      const bare = await bareExpress(opened);
      try {
        for (const link of links) {
          const comparison = await compare(mode, link, candor, bare.url, opened[link]);
          if (comparison) comparisons.push(comparison);
        }
      } finally {
        await bare.close();
      }
    } finally {
      await candor.stop();
    }
  }
  if (profiling) return;
  const file = join(REPO_ROOT, 'bench-results-link-open.json');
  writeFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cores: cpus().length, duration, connections, rate, targets, comparisons, skipped }, null, 2)}\n`,
  );
  console.log(`\nwritten to ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
