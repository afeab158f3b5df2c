// `npm run bench:share` (part of `npm run bench`): the share viewer's view request under load on
// loopback, next to a bare express app answering the same request with the same JSON and cookie in
// the same run; written to bench-results-share-open.json and printed as a table.
//
// One request is what the viewer page's script sends on every load within a viewing session:
// POST /api/sharing/viewer/view { token } with the viewing cookie (rate limit, token parse, read the
// link's stream, constant-time checks of the token and the pass, decide: nothing to count, read the
// followed interview's stream, build the content with only the fields switched on, set the cookie).
// First opens append a view and are bounded by max views; the API suite measures their
// correctness under 500 concurrent opens, this bench the steady state. Both servers run in this
// process on the embedded adapters (PGlite); autocannon drives them from a child process.
//
//   BENCH_DURATION_S (10)   measured seconds per phase
//   BENCH_CONNECTIONS (16)  connections in the throughput phases
//   BENCH_RATE (1000)       requests per second in the fixed-rate phases
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { apiPaths, sharingPaths, type CommandResult, type SignUpResponse } from '@candor/contracts';
import { embeddedEnv, startEmbedded } from '@candor/embedded';
import { createLogger, loadConfig, startHttpServer } from '@candor/runtime';
import { REPO_ROOT } from '../support/infra';

const duration = Number(process.env.BENCH_DURATION_S ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const rate = Number(process.env.BENCH_RATE ?? 1000);
const targets = { ratioToBareExpress: 0.5, p99MsAtRate: 20 };

interface Phase {
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  /** CPU time of this process (the server: Candor or the bare app) per answered request */
  serverCpuMsPerRequest?: number;
  /** the machine's 1-minute load average when the phase ended */
  load?: number;
}

async function load(
  url: string,
  token: string,
  cookie: string,
  options: { connections: number; overallRate?: number },
): Promise<Phase> {
  const before = process.cpuUsage();
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'share-open.loader.ts')], {
    env: {
      ...process.env,
      LOAD: JSON.stringify({ url, path: sharingPaths.viewerView, token, cookie, duration, ...options }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the load generator failed (exit ${code}): ${output}`);
  const phase = JSON.parse(output) as Phase;
  // the server's CPU per answered request: on a busy machine it moves far less than requests/s
  const used = process.cpuUsage(before);
  const answered = phase.requestsPerSecond * duration;
  return {
    ...phase,
    serverCpuMsPerRequest: Math.round(((used.user + used.system) / 1000 / answered) * 1000) / 1000,
    load: Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]),
  };
}

async function bareExpress(body: string, setCookie: string) {
  const app = express();
  app.use(express.json());
  app.post(sharingPaths.viewerView, (_req, res) => {
    res.setHeader('set-cookie', setCookie);
    res.type('application/json').send(body);
  });
  return startHttpServer(app, { port: 0, host: '127.0.0.1' });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-bench-share-'));
  const unlimited = { windowMs: 60_000, limit: 1e9 };
  const candor = await startEmbedded(
    loadConfig(embeddedEnv, { PORT: '0', LOG_LEVEL: 'silent', CANDOR_DATA_DIR: dataDir, CANDOR_DEMO: 'off' }),
    { logger: createLogger('bench', 'silent'), shareRateLimits: { opens: unlimited, refusals: unlimited, perLink: unlimited } },
  );
  try {
    const post = async (path: string, body: unknown, bearer?: string) =>
      fetch(candor.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify(body),
      });
    const { token: recruiter } = (await (
      await post(apiPaths.identity.signUp, {
        organisationName: 'Bench Org',
        name: 'Bench Recruiter',
        email: 'bench@example.com',
        password: 'bench password 123',
      })
    ).json()) as SignUpResponse;
    const template = (await (
      await post(apiPaths.invite.liveTemplates, { name: 'Bench panel', durationMinutes: 30 }, recruiter)
    ).json()) as CommandResult;
    const scheduled = (await (
      await post(
        apiPaths.invite.liveInterviews,
        {
          templateId: template.id,
          candidateName: 'Bench Candidate',
          candidateEmail: 'c@example.com',
          startsAt: `${new Date().getFullYear() + 1}-01-15T10:00`,
          timeZone: 'UTC',
        },
        recruiter,
      )
    ).json()) as CommandResult;
    // the sharing service follows the interview through its policy: retry until it knows it
    let shared: Response | undefined;
    for (let tries = 0; shared?.status !== 201; tries++) {
      if (tries > 100) throw new Error(`no share link: ${shared?.status} ${await shared?.text()}`);
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      shared = await post(sharingPaths.quickShare(scheduled.id), {}, recruiter);
    }
    const token = ((await shared.json()) as { path: string }).path.slice('/s/'.length);
    const first = await post(sharingPaths.viewerView, { token });
    const setCookie = first.headers.getSetCookie()[0]!;
    const cookie = setCookie.split(';')[0]!;
    const body = await first.text();

    const bare = await bareExpress(body, setCookie);
    try {
      console.log(
        `share open bench: ${duration} s per phase, ${connections} connections, fixed rate ${rate} req/s, ${cpus().length} cores`,
      );
      const bareMax = await load(bare.url, token, cookie, { connections });
      const candorMax = await load(candor.url, token, cookie, { connections });
      const bareAtRate = await load(bare.url, token, cookie, { connections: 50, overallRate: rate });
      const candorAtRate = await load(candor.url, token, cookie, { connections: 50, overallRate: rate });
      const ratio = Number((candorMax.requestsPerSecond / bareMax.requestsPerSecond).toFixed(3));
      const line = (name: string, phase: Phase) => [
        name,
        `${phase.requestsPerSecond} req/s`,
        `p50 ${phase.latencyMs.p50} ms · p99 ${phase.latencyMs.p99} ms · cpu ${phase.serverCpuMsPerRequest} ms/req · load ${phase.load}`,
      ];
      const rows = [
        line('Bare express, max', bareMax),
        line('Candor share view, max', candorMax),
        line(`Bare express at ${rate} req/s`, bareAtRate),
        line(`Candor share view at ${rate} req/s`, candorAtRate),
        ['Candor ÷ bare express (max req/s)', `${ratio}`, ''],
        [
          `Targets: ≥ ${targets.ratioToBareExpress} of bare express, p99 ≤ ${targets.p99MsAtRate} ms at ${rate} req/s`,
          ratio >= targets.ratioToBareExpress ? 'ratio met' : 'ratio NOT met',
          candorAtRate.latencyMs.p99 <= targets.p99MsAtRate && candorAtRate.requestsPerSecond >= rate * 0.95
            ? 'p99 met'
            : 'p99 NOT met',
        ],
      ];
      const width = Math.max(...rows.map((row) => row[0]!.length));
      console.log(rows.map(([name, a, b]) => `${name!.padEnd(width)}  ${a!.padEnd(24)}  ${b}`).join('\n'));
      for (const [name, phase] of Object.entries({ candorMax, candorAtRate, bareMax, bareAtRate })) {
        if (phase.non2xx > 0 || phase.errors > 0)
          console.log(`WARNING: ${name} had ${phase.non2xx} non-2xx answers and ${phase.errors} errors`);
      }
      const file = join(REPO_ROOT, 'bench-results-share-open.json');
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
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
