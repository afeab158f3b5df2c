// `npm run bench:links` (part of `npm run bench`): opening a candidate link under load on loopback,
// next to a bare express app doing the same request in the same run, written to
// bench-results-link-open.json and printed as a table.
//
// One "open" is what the candidate page's server does on every request: GET
// /api/session/candidate/session with `Authorization: Bearer <link token>` (rate limits, token parse,
// read the session's stream, constant-time check against its link ids, fold it). The bare express
// app answers the same request with fixed JSON of the same size. Both run in this process on the
// embedded adapters (PGlite, what `npm start` runs); autocannon drives them from a child process
// (link-open.loader.ts).
//
//   BENCH_DURATION_S (10)   measured seconds per phase
//   BENCH_CONNECTIONS (16)  connections in the throughput phases
//   BENCH_RATE (1000)       requests per second in the fixed-rate phases
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import express from 'express';
import { apiPaths, type CommandResult, type CreateInviteResponse, type SignUpResponse } from '@candor/contracts';
import { embeddedEnv, startEmbedded } from '@candor/embedded';
import { createLogger, loadConfig, startHttpServer } from '@candor/runtime';
import { REPO_ROOT } from '../support/infra';

const duration = Number(process.env.BENCH_DURATION_S ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const rate = Number(process.env.BENCH_RATE ?? 1000);
const targets = { ratioToBareExpress: 0.7, p99MsAtRate: 20 };

export interface Phase {
  requestsPerSecond: number;
  opensPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  /** CPU time of this process (the server: Candor or the bare app) per answered request */
  serverCpuMsPerRequest?: number;
}

/** Runs the load in its own process (so the load generator does not share the servers' event loop). */
async function load(
  url: string,
  token: string,
  options: { connections: number; overallRate?: number },
): Promise<Phase> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'link-open.loader.ts')], {
    env: { ...process.env, LOAD: JSON.stringify({ url, token, duration, ...options }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the load generator failed (exit ${code}): ${output}`);
  return JSON.parse(output) as Phase;
}

/**
 * A phase, with the server's CPU time per answered request: on a machine other work keeps busy the
 * requests per second swing with the load, the CPU each request costs much less.
 */
async function measuredLoad(...args: Parameters<typeof load>): Promise<Phase> {
  const before = process.cpuUsage();
  const phase = await load(...args);
  const used = process.cpuUsage(before);
  const answered = phase.requestsPerSecond * duration;
  return { ...phase, serverCpuMsPerRequest: Math.round(((used.user + used.system) / 1000 / answered) * 1000) / 1000 };
}

async function bareExpress(sessionBody: string) {
  const app = express();
  app.get(apiPaths.session.candidate, (_req, res) => {
    res.type('application/json').send(sessionBody);
  });
  return startHttpServer(app, { port: 0, host: '127.0.0.1' });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-bench-'));
  const candor = await startEmbedded(
    loadConfig(embeddedEnv, { PORT: '0', LOG_LEVEL: 'silent', CANDOR_DATA_DIR: dataDir, CANDOR_DEMO: 'off' }),
    {
      logger: createLogger('bench', 'silent'),
      // the limits guard against guessing; the bench is one client address opening one link very often
      linkRateLimits: {
        opens: { windowMs: 60_000, limit: 1e9 },
        refusals: { windowMs: 60_000, limit: 1e9 },
        perLink: { windowMs: 60_000, limit: 1e9 },
      },
    },
  );
  try {
    const post = async <T>(path: string, body: unknown, token?: string) => {
      const response = await fetch(candor.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    const { token: recruiter } = await post<SignUpResponse>(apiPaths.identity.signUp, {
      organisationName: 'Bench Org',
      name: 'Bench Recruiter',
      email: 'bench@example.com',
      password: 'bench password 123',
    });
    const job = await post<CommandResult>(
      apiPaths.invite.jobs,
      { title: 'Bench job', questions: Array.from({ length: 5 }, (_, index) => ({ text: `Question ${index + 1}?` })) },
      recruiter,
    );
    const invite = await post<CreateInviteResponse>(
      apiPaths.invite.invites,
      { jobId: job.id, candidateEmail: 'candidate@example.com' },
      recruiter,
    );
    const token = invite.link.path.slice('/i/'.length);

    // the session is created by a policy: wait until the open works, and keep the real body for the bare app
    let sessionBody = '';
    for (let tries = 0; !sessionBody; tries++) {
      const state = await fetch(candor.url + apiPaths.session.candidate, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (state.ok) sessionBody = await state.text();
      else if (tries > 50) throw new Error(`the candidate session never became readable: ${state.status}`);
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const bare = await bareExpress(sessionBody);
    try {
      console.log(
        `link open bench: ${duration} s per phase, ${connections} connections, fixed rate ${rate} req/s, ${cpus().length} cores`,
      );
      const bareMax = await measuredLoad(bare.url, token, { connections });
      const candorMax = await measuredLoad(candor.url, token, { connections });
      const bareAtRate = await load(bare.url, token, { connections: 50, overallRate: rate });
      const candorAtRate = await load(candor.url, token, { connections: 50, overallRate: rate });
      const ratio = Number((candorMax.requestsPerSecond / bareMax.requestsPerSecond).toFixed(3));
      const cpuRatio = Number((bareMax.serverCpuMsPerRequest! / candorMax.serverCpuMsPerRequest!).toFixed(3));

      const rows: [string, string, string][] = [
        [
          'Bare express, max',
          `${bareMax.requestsPerSecond} req/s (${bareMax.opensPerSecond} opens/s)`,
          `p50 ${bareMax.latencyMs.p50} ms · p99 ${bareMax.latencyMs.p99} ms`,
        ],
        [
          'Candor link open, max',
          `${candorMax.requestsPerSecond} req/s (${candorMax.opensPerSecond} opens/s)`,
          `p50 ${candorMax.latencyMs.p50} ms · p99 ${candorMax.latencyMs.p99} ms`,
        ],
        [
          `Bare express at ${rate} req/s`,
          `${bareAtRate.requestsPerSecond} req/s`,
          `p50 ${bareAtRate.latencyMs.p50} ms · p99 ${bareAtRate.latencyMs.p99} ms`,
        ],
        [
          `Candor link open at ${rate} req/s`,
          `${candorAtRate.requestsPerSecond} req/s`,
          `p50 ${candorAtRate.latencyMs.p50} ms · p99 ${candorAtRate.latencyMs.p99} ms`,
        ],
        ['Candor ÷ bare express (max req/s)', `${ratio}`, ''],
        [
          'Server CPU per request, bare ÷ Candor',
          `${cpuRatio}`,
          `${bareMax.serverCpuMsPerRequest} ms vs ${candorMax.serverCpuMsPerRequest} ms`,
        ],
        [
          `Targets: ≥ ${targets.ratioToBareExpress} of bare express, p99 ≤ ${targets.p99MsAtRate} ms at ${rate} req/s`,
          ratio >= targets.ratioToBareExpress ? 'ratio met' : 'ratio NOT met',
          candorAtRate.latencyMs.p99 <= targets.p99MsAtRate && candorAtRate.requestsPerSecond >= rate * 0.95
            ? 'p99 met'
            : 'p99 NOT met',
        ],
      ];
      const width = Math.max(...rows.map((row) => row[0].length));
      console.log(rows.map(([name, a, b]) => `${name.padEnd(width)}  ${a.padEnd(34)}  ${b}`).join('\n'));
      for (const [name, phase] of Object.entries({ candorMax, candorAtRate, bareMax, bareAtRate })) {
        if (phase.non2xx > 0 || phase.errors > 0)
          console.log(`WARNING: ${name} had ${phase.non2xx} non-2xx answers and ${phase.errors} errors`);
      }
      const file = join(REPO_ROOT, 'bench-results-link-open.json');
      const results = {
        at: new Date().toISOString(),
        node: process.version,
        cores: cpus().length,
        duration,
        connections,
        rate,
        bareMax,
        candorMax,
        bareAtRate,
        candorAtRate,
        ratio,
        cpuRatio,
        load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
        targets,
      };
      writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
      console.log(`written to ${file}`);
    } finally {
      await bare.close();
    }
  } finally {
    await candor.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(`${dataDir}-secrets`, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
