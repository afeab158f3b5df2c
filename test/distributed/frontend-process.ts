// The built frontend as its own process, the way the distributed mode runs it: `node frontend/serve.js`
// (its own process group, the same watchdog as the services). It needs the build (frontend/build,
// made by `npm start`'s scripts/start.cjs or `npm run build`); this helper never builds, so it cannot
// race a browser suite's build on the same directory.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { repoRoot, type ServiceProcess } from './service-process';

export const frontendBuild = join(repoRoot, 'frontend', 'build', 'handler.js');

/** Why the frontend cannot run here, or undefined when its build exists. */
export const frontendMissing = existsSync(frontendBuild)
  ? undefined
  : `the frontend is not built (${frontendBuild} is missing; \`npm start\` or \`npm run build\` builds it)`;

/** A port free right now: serve.js prints the port it was given, not the one it got, so 0 will not do. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

/** Starts serve.js and resolves once it prints `frontend listening on <url>`. */
export async function startFrontend(env: Record<string, string>, timeoutMs = 60_000): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--require', join(__dirname, 'exit-with-parent.cjs'), join('frontend', 'serve.js')], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error, found?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        killGroup(child.pid!, 'SIGKILL');
        reject(new Error(`${error.message}\n--- frontend output ---\n${text}`));
      } else resolve(found!);
    };
    const timer = setTimeout(() => settle(new Error(`the frontend did not start within ${timeoutMs} ms`)), timeoutMs);
    child.stdout!.on('data', () => {
      const match = /frontend listening on (http:\/\/\S+)/.exec(text);
      if (match) settle(undefined, match[1]);
    });
    void exited.then((code) => settle(new Error(`the frontend exited during start (code ${code})`)));
  });

  let stopping: Promise<number | null> | undefined;
  return {
    name: 'frontend',
    url,
    pid: child.pid!,
    output: () => text,
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), 15_000);
        const code = await exited;
        clearTimeout(timer);
        killGroup(child.pid!, 'SIGKILL');
        return code;
      })()),
  };
}
