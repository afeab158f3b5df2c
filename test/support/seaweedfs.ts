// A private SeaweedFS for a suite that must stop and restart its S3 server (the spool's fault test),
// run through deploy/infra/seaweedfs.sh with its own folder, ports, bucket and credentials, so the
// shared server other suites use is never touched.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, type S3Infra } from './infra';

const run = promisify(execFile);
const SCRIPT = join(REPO_ROOT, 'deploy', 'infra', 'seaweedfs.sh');

export interface PrivateSeaweedfs {
  s3: S3Infra;
  /** starts (or restarts, keeping its data) the server; resolves once it stores and reads objects */
  start(): Promise<void>;
  /** stops the server process (SIGTERM, then SIGKILL after 30 s) */
  stop(): Promise<void>;
  /** stops it and deletes its data */
  remove(): Promise<void>;
}

export async function createPrivateSeaweedfs(bin: string): Promise<PrivateSeaweedfs> {
  const home = await mkdtemp(join(tmpdir(), 'candor-seaweedfs-'));
  // 8 consecutive ports per instance; spread by pid so two suites on one machine rarely meet (the
  // script refuses a taken port rather than sharing it).
  const portBase = 58400 + (process.pid % 60) * 10;
  const s3: S3Infra = {
    endpoint: `http://127.0.0.1:${portBase}`,
    region: 'us-east-1',
    bucket: `spool-${randomBytes(4).toString('hex')}`,
    accessKeyId: `key-${randomBytes(6).toString('hex')}`,
    secretAccessKey: randomBytes(18).toString('hex'),
    forcePathStyle: true,
  };
  const env = {
    ...process.env,
    SEAWEEDFS_HOME: home,
    SEAWEEDFS_PORT_BASE: String(portBase),
    SEAWEEDFS_BIN: bin,
    SEAWEEDFS_WRITE_ENV: '0',
    SEAWEEDFS_BUCKET: s3.bucket,
    SEAWEEDFS_ACCESS_KEY_ID: s3.accessKeyId,
    SEAWEEDFS_SECRET_ACCESS_KEY: s3.secretAccessKey,
  };
  const script = (command: 'start' | 'stop') => run('bash', [SCRIPT, command], { env, timeout: 120_000 });
  return {
    s3,
    start: async () => {
      await script('start');
    },
    stop: async () => {
      await script('stop');
    },
    remove: async () => {
      await script('stop').catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
}
