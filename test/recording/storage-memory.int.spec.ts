// "Streamed, not buffered", measured: each adapter puts a 160 MiB file in a fresh process whose peak
// resident memory may not grow by more than a fraction of that. An adapter that read the file into
// memory (or let the S3 client buffer the body) would grow by at least the file's size.
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';
import type { RecordingStorageConfig } from '@candor/recording';
import { describeWithS3 } from '../contracts/infra';
import { uniqueName } from '../contracts/helpers';
import { REPO_ROOT } from '../support/infra';

jest.setTimeout(180_000);
const run = promisify(execFile);
const FILE_BYTES = 160 * 1024 * 1024;
const MAX_GROWTH = 48 * 1024 * 1024;

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'candor-storage-memory-'));
  file = join(dir, 'big.webm');
  const out = createWriteStream(file);
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < FILE_BYTES / block.length; i++) {
    block.fill(i % 251); // distinct blocks; content does not matter here, size does
    if (!out.write(Buffer.from(block))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function putInChild(config: RecordingStorageConfig, key: string) {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(__dirname, 'storage-put-process.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, STORAGE_CONFIG: JSON.stringify(config), PUT_FILE: file, PUT_KEY: key },
    timeout: 150_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { before: number; peak: number; stored?: { size: number } };
}

test('filesystem: a 160 MiB put does not hold the file in memory', async () => {
  const key = `${uniqueName('org')}/rec1/big.webm`;
  const result = await putInChild({ kind: 'filesystem', root: join(dir, 'store') }, key);
  expect(result.stored?.size).toBe(FILE_BYTES);
  expect(result.peak - result.before).toBeLessThan(MAX_GROWTH);
});

describeWithS3('S3 API', (s3) => {
  test.each([
    ['one PUT', 256 * 1024 * 1024],
    ['multipart', 64 * 1024 * 1024],
  ])('a 160 MiB put (%s) does not hold the file in memory', async (_how, multipartThresholdBytes) => {
    const key = `${uniqueName('org')}/rec1/big.webm`;
    const result = await putInChild({ kind: 's3', ...s3(), multipartThresholdBytes }, key);
    expect(result.stored?.size).toBe(FILE_BYTES);
    expect(result.peak - result.before).toBeLessThan(MAX_GROWTH);
  });
});
