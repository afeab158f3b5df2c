// `npm run bench:start`: what a warm `npm start` costs until it answers, in CPU-seconds of the Candor
// process (every thread: V8, PGlite's WebAssembly, libuv), read from /proc at the moment it prints
// "Candor is running at". Three ways to start, interleaved round by round so the machine's load
// falls on each alike:
// - `npm start` as it is (scripts/start.cjs: the ahead-of-time bundle and Node's compile cache);
// - the embedded main compiled at start by tsx (what `npm start` did before);
// - baseline: a bare express app in a fresh Node process, listening and printing the same line.
// A warm-up round of each comes first (builds the bundle and fills the compile cache, creates the
// data folders and keys), so every measured start is a warm restart on existing data.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const ticksPerSecond = 100; // USER_HZ on Linux

interface Mode {
  name: string;
  args: string[];
}

const modes: Mode[] = [
  { name: 'npm start (precompiled, compile cache)', args: [join(root, 'scripts', 'start.cjs')] },
  {
    name: 'before: tsx compiling at start',
    args: [
      '-e',
      `require('tsx/cjs/api').register(); require(${JSON.stringify(join(root, 'services/embedded/src/main.ts'))})`,
    ],
  },
  {
    name: 'baseline: bare express listening',
    args: [
      '-e',
      "const app = require('express')(); const s = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('Candor is running at http://127.0.0.1:' + s.address().port)); process.on('SIGINT', () => s.close(() => process.exit(0)));",
    ],
  },
];

/** utime + stime of every thread of the process so far, in seconds */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

async function startOnce(mode: Mode, dataDir: string, port: number): Promise<{ cpu: number; wall: number }> {
  const began = performance.now();
  const child = spawn(process.execPath, mode.args, {
    cwd: root,
    env: { ...process.env, CANDOR_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const measured = await new Promise<{ cpu: number; wall: number }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Candor is running at')) {
        child.stdout.off('data', onData);
        resolve({ cpu: cpuSeconds(child.pid!), wall: (performance.now() - began) / 1000 });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`${mode.name} exited (${code}) before it was ready:\n${output}`)));
  });
  child.kill('SIGINT');
  await exited;
  return measured;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round2 = (value: number) => Math.round(value * 100) / 100;

async function main() {
  const dirs = modes.map(() => mkdtempSync(join(tmpdir(), 'candor-start-')));
  const port = 47000 + Math.floor(Math.random() * 900);
  const samples = modes.map(() => ({ cpu: [] as number[], wall: [] as number[] }));
  try {
    for (let round = 0; round <= rounds; round++) {
      for (const [index, mode] of modes.entries()) {
        const result = await startOnce(mode, join(dirs[index]!, 'data'), port);
        if (round === 0) continue; // warm-up
        samples[index]!.cpu.push(result.cpu);
        samples[index]!.wall.push(result.wall);
      }
    }
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
  const results = modes.map((mode, index) => ({
    mode: mode.name,
    cpuSecondsMedian: round2(median(samples[index]!.cpu)),
    cpuSecondsMin: round2(Math.min(...samples[index]!.cpu)),
    wallSecondsMedian: round2(median(samples[index]!.wall)),
  }));
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.table(results);
  console.log(`${rounds} warm starts each; load average at the end ${load}`);
  writeFileSync(join(root, 'bench-results-start.json'), JSON.stringify({ rounds, load, results }, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
