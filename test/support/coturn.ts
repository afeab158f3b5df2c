// Debian's coturn (`apt-get install coturn`), started by a suite on loopback: its own ports, its own
// folder under .cache/coturn, stopped (SIGTERM, then SIGKILL) when the suite ends. Configured as the
// deployment's relay is (k8s/turn/: `use-auth-secret` with a static secret, the TURN REST API's
// time-limited credentials), except that peers on 127.0.0.1 are allowed: on loopback the SFU is one.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from './infra';

export const turnserverPath = '/usr/bin/turnserver';
export const coturnMissing = existsSync(turnserverPath)
  ? undefined
  : `coturn is not installed at ${turnserverPath} (apt-get install -y coturn)`;

export interface CoturnOptions {
  /** also relay over TLS on this port (443 in a deployment) with this certificate and key (PEM files) */
  tls?: { port: number; certFile: string; keyFile: string };
}

export interface RunningCoturn {
  port: number;
  /** the TLS port, when asked for */
  tlsPort?: number;
  secret: string;
  realm: string;
  /** what coturn logged so far (allocations name their username) */
  log(): string;
  stop(): Promise<void>;
}

/** A TCP port free now on 127.0.0.1 (coturn takes UDP and TCP on the same number). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startCoturn(name: string, options: CoturnOptions = {}): Promise<RunningCoturn> {
  const dir = join(REPO_ROOT, '.cache', 'coturn', `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  // relay ports below the kernel's ephemeral range (32768-60999), where no client socket sits
  const relayMin = 20_000 + Math.floor(Math.random() * 100) * 100;
  const secret = randomBytes(32).toString('base64');
  const realm = 'candor.test';
  const config = [
    `listening-ip=127.0.0.1`,
    `relay-ip=127.0.0.1`,
    `listening-port=${port}`,
    `min-port=${relayMin}`,
    `max-port=${relayMin + 99}`,
    'use-auth-secret',
    `static-auth-secret=${secret}`,
    `realm=${realm}`,
    'fingerprint',
    // the SFU listens on loopback here; in a deployment peers are the SFU's pod or host addresses
    'allow-loopback-peers',
    'no-multicast-peers',
    ...(options.tls
      ? [
          `tls-listening-port=${options.tls.port}`,
          `cert=${options.tls.certFile}`,
          `pkey=${options.tls.keyFile}`,
          // what the deployment allows: TLS 1.2 and 1.3 only
          'no-tlsv1',
          'no-tlsv1_1',
        ]
      : ['no-tls']),
    'no-dtls',
    'no-cli',
    'no-rfc5780',
    'no-stun-backward-compatibility',
    'simple-log',
    'verbose',
    `pidfile=${join(dir, 'turnserver.pid')}`,
    `userdb=${join(dir, 'turndb')}`,
  ].join('\n');
  writeFileSync(join(dir, 'turnserver.conf'), `${config}\n`, { mode: 0o600 });
  const output: string[] = [];
  const child: ChildProcess = spawn(turnserverPath, ['-c', join(dir, 'turnserver.conf'), '--log-file', 'stdout'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const log = () => output.join('');

  const deadline = Date.now() + 15_000;
  while (!/listener opened on : 127\.0\.0\.1/i.test(log()) || !/Total (UDP|General) servers/i.test(log())) {
    if (child.exitCode !== null) throw new Error(`coturn exited (${child.exitCode}):\n${log()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`coturn did not open its listeners within 15 s:\n${log()}`);
    }
    await sleep(100);
  }
  return {
    port,
    ...(options.tls ? { tlsPort: options.tls.port } : {}),
    secret,
    realm,
    log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
