// One Candor service as its own OS process, the way it runs in production: `node --import tsx
// services/<name>/src/main.ts` (one process, so SIGTERM reaches the service itself and not a
// wrapper that relays it twice). Started in its own process group so that stopping it can never
// leave an orphan behind, and with a watchdog that stops it if the test runner dies first; its
// output is kept so a failing test can show it.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');

export interface ServiceProcess {
  name: string;
  url: string;
  pid: number;
  /** everything the process wrote so far (stdout and stderr interleaved) */
  output(): string;
  /** SIGTERM, wait for a graceful exit (bounded), then SIGKILL the whole process group. */
  stop(): Promise<number | null>;
}

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

function spawnService(name: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const args = ['--require', join(__dirname, 'exit-with-parent.cjs'), '--import', 'tsx', join('services', name, 'src', 'main.ts')];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    // only what a deployment would set: no jest or test variables leak into the service
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  return { child, output: () => text };
}

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // the group is already gone
  }
}

/** Starts a service and resolves once it printed `<name> service listening on <url>`. */
export async function startService(name: string, env: Record<string, string>, timeoutMs = 60_000): Promise<ServiceProcess> {
  const { child, output } = spawnService(name, env);
  const listening = new RegExp(`${name} service listening on (http://\\S+)`);
  const exited = exitOf(child);
  const url = await new Promise<string>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`${name} did not start within ${timeoutMs} ms`)), timeoutMs);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killGroup(child, 'SIGKILL');
      reject(new Error(`${error.message}\n--- ${name} output ---\n${output()}`));
    };
    child.stdout!.on('data', () => {
      const match = listening.exec(output());
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then(({ code, signal }) => fail(new Error(`${name} exited during start (code ${code}, signal ${signal})`)));
  });

  let stopping: Promise<number | null> | undefined;
  return {
    name,
    url,
    pid: child.pid!,
    output,
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 15_000);
        const { code } = await exited;
        clearTimeout(timer);
        killGroup(child, 'SIGKILL'); // anything the service may have spawned itself
        return code;
      })()),
  };
}

/** Runs a service that is expected to stop on its own (a bad configuration, say). */
export async function runServiceToExit(name: string, env: Record<string, string>, timeoutMs = 30_000): Promise<Exited> {
  const { child, output } = spawnService(name, env);
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
  const { code, signal } = await exitOf(child);
  clearTimeout(timer);
  killGroup(child, 'SIGKILL');
  return { code, signal, output: output() };
}

/** True while any process of the service's process group exists (to prove nothing outlived it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
