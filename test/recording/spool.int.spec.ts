// The upload spool on real storage: the filesystem, and a private SeaweedFS (S3 API) that is stopped
// in the middle of an upload and started again, and a spooling process killed mid-upload. In every
// case the object must arrive byte for byte (sha256) and the spool folder must end empty.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ListMultipartUploadsCommand, ListPartsCommand, S3Client } from '@aws-sdk/client-s3';
import { createFilesystemStorage, createS3Storage, createSpool, type RecordingStorage, type SpoolEntry } from '@candor/recording';
import { waitUntil } from '../contracts/helpers';
import { describeWithInfra, REPO_ROOT } from '../support/infra';
import { createPrivateSeaweedfs, type PrivateSeaweedfs } from '../support/seaweedfs';

jest.setTimeout(180_000);

async function sha256(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A file of random bytes, written in 1 MiB blocks; answers its sha256. */
async function randomFile(path: string, bytes: number): Promise<string> {
  const out = createWriteStream(path);
  const hash = createHash('sha256');
  for (let left = bytes; left > 0; left -= 1024 * 1024) {
    const block = randomBytes(Math.min(left, 1024 * 1024));
    hash.update(block);
    if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);
  return hash.digest('hex');
}

/** Settles within `ms` or fails naming what it waited for. */
async function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'candor-spool-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('spool on the filesystem storage', () => {
  let storage: RecordingStorage;
  beforeAll(() => {
    storage = createFilesystemStorage({ root: join(work, 'fs-store') });
  });

  test('add copies the file into the spool, uploads it, confirms, then empties the spool', async () => {
    const spoolDir = join(work, 'fs-spool-1');
    const source = join(work, 'fs-source-1.webm');
    const digest = await randomFile(source, 300_000);
    const uploaded: SpoolEntry[] = [];
    const spool = createSpool({ dir: spoolDir, storage, onUploaded: (e) => void uploaded.push(e) });
    await spool.start();
    const entry = await spool.add('org1/rec1/alice.webm', source, { contentType: 'video/webm' });
    expect(entry).toMatchObject({ key: 'org1/rec1/alice.webm', size: 300_000 });
    await within('the spool to drain', 20_000, spool.idle());
    expect(uploaded.map((e) => e.key)).toEqual(['org1/rec1/alice.webm']);
    expect(await storage.stat('org1/rec1/alice.webm')).toEqual({ size: 300_000, contentType: 'video/webm' });
    expect(await sha256(await storage.read('org1/rec1/alice.webm'))).toBe(digest);
    expect(await readdir(spoolDir)).toEqual([]);
    expect((await stat(source)).size).toBe(300_000); // copied, not taken
    await spool.close();
  });

  test('move takes the file; several entries upload in the order added', async () => {
    const spoolDir = join(work, 'fs-spool-2');
    const uploaded: string[] = [];
    const spool = createSpool({ dir: spoolDir, storage, onUploaded: (e) => void uploaded.push(e.key) });
    await spool.start();
    const keys = ['org1/rec2/a.webm', 'org1/rec2/b.webm', 'org1/rec2/c.webm'];
    for (const key of keys) {
      const source = join(work, key.replace(/\//g, '_'));
      await writeFile(source, key);
      await spool.add(key, source, { contentType: 'video/webm', move: true });
      await expect(stat(source)).rejects.toMatchObject({ code: 'ENOENT' });
    }
    await within('the spool to drain', 20_000, spool.idle());
    expect(uploaded).toEqual(keys);
    expect(await storage.list('org1/rec2/')).toEqual(keys);
    await spool.close();
  });

  test('start removes what an add that died midway left, and uploads the complete entries', async () => {
    const spoolDir = join(work, 'fs-spool-3');
    // A first spool whose store cannot be written (its root is a file, so every put fails) spools
    // one entry, fails to upload it and is closed: the entry must wait on disk for the next one.
    const blocked = join(work, 'not-a-folder');
    await writeFile(blocked, 'a file where the store folder should be');
    const failures: number[] = [];
    const first = createSpool({
      dir: spoolDir,
      storage: createFilesystemStorage({ root: blocked }),
      initialDelayMs: 20,
      maxDelayMs: 50,
      onAttemptFailed: (_e, _err, attempt) => void failures.push(attempt),
    });
    await first.start();
    const source = join(work, 'fs-source-3.webm');
    const digest = await randomFile(source, 100_000);
    await first.add('org1/rec3/alice.webm', source, { contentType: 'video/webm' });
    await waitUntil('two failed attempts', () => failures.length >= 2);
    await first.close();
    expect(first.pending()).toEqual(['org1/rec3/alice.webm']);
    // Leftovers of an add that crashed before its manifest was renamed into place.
    await writeFile(join(spoolDir, '0000000000-deadbeef0000.bin'), 'half a file');
    await writeFile(join(spoolDir, '0000000000-deadbeef0000.json.tmp'), '{"key":');

    const second = createSpool({ dir: spoolDir, storage });
    await second.start();
    await within('the spool to drain', 20_000, second.idle());
    expect(await sha256(await storage.read('org1/rec3/alice.webm'))).toBe(digest);
    expect(await readdir(spoolDir)).toEqual([]);
    await second.close();
  });

  test('an entry left by an earlier process and one added before start() both upload', async () => {
    const spoolDir = join(work, 'fs-spool-5');
    // An earlier process left one entry: spooled against a store that cannot be written, closed.
    const blocked = join(work, 'not-a-folder-5');
    await writeFile(blocked, 'a file where the store folder should be');
    const earlier = createSpool({ dir: spoolDir, storage: createFilesystemStorage({ root: blocked }), initialDelayMs: 20 });
    await earlier.start();
    const old = join(work, 'fs-source-5a.webm');
    await writeFile(old, 'left behind');
    await earlier.add('org1/rec5/old.webm', old, { contentType: 'video/webm' });
    await earlier.close();

    const uploaded: string[] = [];
    const spool = createSpool({ dir: spoolDir, storage, onUploaded: (e) => void uploaded.push(e.key) });
    const fresh = join(work, 'fs-source-5b.webm');
    await writeFile(fresh, 'new');
    await spool.add('org1/rec5/new.webm', fresh, { contentType: 'video/webm' }); // before start()
    await spool.start();
    await within('the spool to drain', 20_000, spool.idle());
    expect(uploaded).toContain('org1/rec5/old.webm');
    expect(uploaded).toContain('org1/rec5/new.webm');
    expect(await storage.list('org1/rec5/')).toEqual(['org1/rec5/new.webm', 'org1/rec5/old.webm']);
    expect(await readdir(spoolDir)).toEqual([]);
    await spool.close();
  });

  test('a bad key is refused before anything is spooled', async () => {
    const spoolDir = join(work, 'fs-spool-4');
    const spool = createSpool({ dir: spoolDir, storage });
    await spool.start();
    const source = join(work, 'fs-source-4.webm');
    await writeFile(source, 'x');
    await expect(spool.add('../escape.webm', source, { contentType: 'video/webm' })).rejects.toMatchObject({ status: 400 });
    expect(await readdir(spoolDir)).toEqual([]);
    await spool.close();
  });
});

describeWithInfra('spool on S3 when the server stops mid-upload', ['seaweedfs'], (getInfra) => {
  let server: PrivateSeaweedfs;
  let storage: RecordingStorage;
  beforeAll(async () => {
    server = await createPrivateSeaweedfs(getInfra().seaweedfsBin!);
    await server.start();
    const { endpoint, region, bucket, accessKeyId, secretAccessKey } = server.s3;
    // Parts of 5 MiB: a 96 MiB file is twenty requests, so the stop lands between or inside them.
    storage = createS3Storage({
      endpoint,
      region,
      bucket,
      accessKeyId,
      secretAccessKey,
      forcePathStyle: true,
      multipartThresholdBytes: 8 * 1024 * 1024,
      partSizeBytes: 5 * 1024 * 1024,
    });
  }, 180_000);
  afterAll(async () => {
    await storage?.close();
    await server?.remove();
  }, 60_000);

  function rawClient(): S3Client {
    const { endpoint, region, accessKeyId, secretAccessKey } = server.s3;
    return new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  }

  /** Keys of multipart uploads begun and neither completed nor aborted (hidden bytes). */
  async function unfinishedUploads(): Promise<string[]> {
    const client = rawClient();
    try {
      const { Uploads } = await client.send(new ListMultipartUploadsCommand({ Bucket: server.s3.bucket }));
      return (Uploads ?? []).map((u) => u.Key ?? '');
    } finally {
      client.destroy();
    }
  }

  /** Waits until an upload of `key` is under way on the server: begun, with a part stored. */
  async function waitForPartsOf(key: string): Promise<void> {
    const client = rawClient();
    const { bucket } = server.s3;
    try {
      await waitUntil(`a part of ${key} on the server`, async () => {
        const { Uploads } = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }));
        for (const u of Uploads ?? []) {
          const { Parts } = await client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: u.UploadId }));
          if ((Parts ?? []).length > 0) return true;
        }
        return false;
      }, 60_000);
    } finally {
      client.destroy();
    }
  }

  test('the server stopped during an upload and started again: the file arrives intact, nothing lost', async () => {
    const spoolDir = join(work, 's3-spool-1');
    const big = join(work, 's3-big.webm');
    const small = join(work, 's3-small.webm');
    const bigDigest = await randomFile(big, 96 * 1024 * 1024);
    const smallDigest = await randomFile(small, 200_000);
    let started!: () => void;
    const uploadStarted = new Promise<void>((r) => (started = r));
    const watched: RecordingStorage = {
      ...storage,
      put: async (key, path, options) => {
        started();
        return storage.put(key, path, options);
      },
    };
    const failures: string[] = [];
    const spool = createSpool({
      dir: spoolDir,
      storage: watched,
      initialDelayMs: 200,
      maxDelayMs: 1_000,
      onAttemptFailed: (entry) => void failures.push(entry.key),
    });
    await spool.start();
    await spool.add('org1/rec1/composite.webm', big, { contentType: 'video/webm' });
    await uploadStarted;
    await waitForPartsOf('org1/rec1/composite.webm'); // truly mid-upload: some parts stored, not all
    await server.stop();
    // While it is down: another file is finished and spooled; attempts keep failing.
    await spool.add('org1/rec1/alice.webm', small, { contentType: 'video/webm' });
    await waitUntil('three failed attempts while the server is down', () => failures.length >= 3, 60_000);
    // The large upload is the one that failed (it was under way), and it still heads the queue.
    expect(failures[0]).toBe('org1/rec1/composite.webm');
    expect(spool.pending()).toEqual(['org1/rec1/composite.webm', 'org1/rec1/alice.webm']);
    expect(await readdir(spoolDir)).toHaveLength(4); // two .bin, two .json

    await server.start();
    await within('the spool to drain after the restart', 120_000, spool.idle());
    await spool.close();
    expect(await storage.stat('org1/rec1/composite.webm')).toEqual({ size: 96 * 1024 * 1024, contentType: 'video/webm' });
    expect(await sha256(await storage.read('org1/rec1/composite.webm'))).toBe(bigDigest);
    expect(await sha256(await storage.read('org1/rec1/alice.webm'))).toBe(smallDigest);
    expect(await storage.list('org1/')).toEqual(['org1/rec1/alice.webm', 'org1/rec1/composite.webm']);
    expect(await readdir(spoolDir)).toEqual([]);
    expect(await unfinishedUploads()).toEqual([]); // the interrupted upload's parts were aborted
  });

  test('the spooling process killed mid-upload: the next process resumes from the spool folder', async () => {
    const spoolDir = join(work, 's3-spool-2');
    const file = join(work, 's3-crash.webm');
    const digest = await randomFile(file, 96 * 1024 * 1024);
    const key = 'org1/rec2/composite.webm';
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'spool-process.ts')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        SPOOL_DIR: spoolDir,
        SPOOL_KEY: key,
        SPOOL_FILE: file,
        S3_ENDPOINT: server.s3.endpoint,
        S3_REGION: server.s3.region,
        S3_BUCKET: server.s3.bucket,
        S3_ACCESS_KEY_ID: server.s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: server.s3.secretAccessKey,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    await waitUntil('the child to begin uploading', () => output.includes('uploading'), 60_000);
    await waitForPartsOf(key);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(output).not.toContain('uploaded'); // it died before the store confirmed
    expect(await storage.stat(key)).toBeUndefined();
    expect(await unfinishedUploads()).toEqual([key]); // its parts are there, hidden

    const spool = createSpool({ dir: spoolDir, storage });
    await spool.start();
    expect(spool.pending()).toEqual([key]);
    await within('the resumed upload', 120_000, spool.idle());
    await spool.close();
    expect(await sha256(await storage.read(key))).toBe(digest);
    expect(await readdir(spoolDir)).toEqual([]);
    expect(await unfinishedUploads()).toEqual([]); // the killed process's upload was aborted on resume
    // The source was copied into the spool, so the original is untouched.
    expect(await sha256(createReadStream(file))).toBe(digest);
  });
});
