// The RecordingStorage contract: what both adapters (filesystem, S3 API) answer for the same calls.
// Each case works under its own `<org>/` prefix, so one storage serves them all and a bucket shared
// with earlier runs does not disturb the listings.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { RecordingStorage } from '@candor/recording';
import { uniqueName } from './helpers';

const LARGE_BYTES = 20 * 1024 * 1024;

/** Reads a stream to the end, noting how it arrived. */
async function drain(stream: Readable): Promise<{ bytes: Buffer; chunks: number; largestChunk: number }> {
  const parts: Buffer[] = [];
  let largestChunk = 0;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    parts.push(buf);
    largestChunk = Math.max(largestChunk, buf.length);
  }
  return { bytes: Buffer.concat(parts), chunks: parts.length, largestChunk };
}

async function sha256Of(stream: Readable): Promise<{ sha256: string; bytes: number; chunks: number; largestChunk: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  let chunks = 0;
  let largestChunk = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    hash.update(buf);
    bytes += buf.length;
    chunks++;
    largestChunk = Math.max(largestChunk, buf.length);
  }
  return { sha256: hash.digest('hex'), bytes, chunks, largestChunk };
}

export function recordingStorageContract(getStorage: () => RecordingStorage): void {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candor-storage-contract-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A local file with the given bytes. */
  async function file(content: Buffer | string): Promise<string> {
    const path = join(dir, randomBytes(6).toString('hex'));
    await writeFile(path, content);
    return path;
  }

  const org = () => uniqueName('org');
  const storage = () => getStorage();

  test('put then stat answers size and content type; read returns the same bytes', async () => {
    const key = `${org()}/rec1/composite.webm`;
    const content = randomBytes(3000);
    await storage().put(key, await file(content), { contentType: 'video/webm' });
    expect(await storage().stat(key)).toEqual({ size: 3000, contentType: 'video/webm' });
    expect((await drain(await storage().read(key))).bytes.equals(content)).toBe(true);
  });

  test('put replaces the object and its content type', async () => {
    const key = `${org()}/rec1/composite.webm`;
    await storage().put(key, await file('first version, longer'), { contentType: 'video/webm' });
    await storage().put(key, await file('second'), { contentType: 'video/mp4' });
    expect(await storage().stat(key)).toEqual({ size: 6, contentType: 'video/mp4' });
    expect((await drain(await storage().read(key))).bytes.toString()).toBe('second');
  });

  test('an empty file is stored as an empty object', async () => {
    const key = `${org()}/rec1/empty.bin`;
    await storage().put(key, await file(Buffer.alloc(0)), { contentType: 'application/octet-stream' });
    expect(await storage().stat(key)).toEqual({ size: 0, contentType: 'application/octet-stream' });
    expect((await drain(await storage().read(key))).bytes.length).toBe(0);
  });

  test('ranges: first byte, last byte, middle, whole, and an end past the last byte ends there', async () => {
    const key = `${org()}/rec1/a.webm`;
    const content = randomBytes(1000);
    await storage().put(key, await file(content), { contentType: 'video/webm' });
    const range = async (start: number, end: number) => (await drain(await storage().read(key, { start, end }))).bytes;
    expect((await range(0, 0)).equals(content.subarray(0, 1))).toBe(true);
    expect((await range(999, 999)).equals(content.subarray(999))).toBe(true);
    expect((await range(100, 199)).equals(content.subarray(100, 200))).toBe(true);
    expect((await range(0, 999)).equals(content)).toBe(true);
    expect((await range(990, 5000)).equals(content.subarray(990))).toBe(true);
  });

  test('a range starting past the last byte is refused with 416 and the size', async () => {
    const key = `${org()}/rec1/a.webm`;
    await storage().put(key, await file(randomBytes(1000)), { contentType: 'video/webm' });
    await expect(storage().read(key, { start: 1000, end: 1000 })).rejects.toMatchObject({ status: 416, size: 1000 });
    await expect(storage().read(key, { start: 5000, end: 6000 })).rejects.toMatchObject({ status: 416, size: 1000 });
  });

  test('a reversed or negative range is refused with 400', async () => {
    const key = `${org()}/rec1/a.webm`;
    await storage().put(key, await file('0123456789'), { contentType: 'video/webm' });
    await expect(storage().read(key, { start: 5, end: 4 })).rejects.toMatchObject({ status: 400 });
    await expect(storage().read(key, { start: -1, end: 4 })).rejects.toMatchObject({ status: 400 });
    await expect(storage().read(key, { start: 0.5, end: 4 })).rejects.toMatchObject({ status: 400 });
  });

  test('a missing key: stat is undefined, read is a 404', async () => {
    const key = `${org()}/rec1/missing.webm`;
    expect(await storage().stat(key)).toBeUndefined();
    await expect(storage().read(key)).rejects.toMatchObject({ status: 404 });
    await expect(storage().read(key, { start: 0, end: 10 })).rejects.toMatchObject({ status: 404 });
  });

  test('delete removes the bytes: stat undefined, read 404, gone from list; the neighbours stay', async () => {
    const o = org();
    const key = `${o}/rec1/composite.webm`;
    await storage().put(key, await file('bytes to forget'), { contentType: 'video/webm' });
    await storage().put(`${o}/rec1/alice.webm`, await file('alice'), { contentType: 'video/webm' });
    await storage().put(`${o}/rec2/composite.webm`, await file('other'), { contentType: 'video/webm' });
    await storage().delete(key);
    expect(await storage().stat(key)).toBeUndefined();
    await expect(storage().read(key)).rejects.toMatchObject({ status: 404 });
    expect(await storage().list(`${o}/`)).toEqual([`${o}/rec1/alice.webm`, `${o}/rec2/composite.webm`]);
    await storage().delete(key); // again: not an error
    await storage().delete(`${o}/rec1/alice.webm`);
    expect(await storage().list(`${o}/`)).toEqual([`${o}/rec2/composite.webm`]);
    expect(await storage().list(`${o}/rec1/`)).toEqual([]);
  });

  test('list answers the keys under a prefix, sorted; a partial segment is a string prefix', async () => {
    const o = org();
    const keys = [`${o}/rec2/b.webm`, `${o}/rec1/z.webm`, `${o}/rec1/a.webm`, `${o}/rec10/a.webm`, `${o}x/rec1/a.webm`];
    for (const key of keys) await storage().put(key, await file(key), { contentType: 'video/webm' });
    expect(await storage().list(`${o}/`)).toEqual([`${o}/rec1/a.webm`, `${o}/rec1/z.webm`, `${o}/rec10/a.webm`, `${o}/rec2/b.webm`]);
    expect(await storage().list(`${o}/rec1/`)).toEqual([`${o}/rec1/a.webm`, `${o}/rec1/z.webm`]);
    expect(await storage().list(`${o}/rec1`)).toEqual([`${o}/rec1/a.webm`, `${o}/rec1/z.webm`, `${o}/rec10/a.webm`]);
    expect(await storage().list(`${o}/rec3/`)).toEqual([]);
    expect(await storage().list(`${o}`)).toEqual([...keys].sort());
    for (const key of keys) await storage().delete(key);
  });

  test('bad keys and prefixes are refused with 400 before anything is written or read', async () => {
    const source = await file('x');
    const o = org();
    const bad = ['', '../x', `${o}/../x`, `/${o}/x`, `${o}//x`, `${o}/./x`, `${o}/x/`, `${o}\\x`, `${o}/a b`, `${o}/%2e%2e`, '..', '.'];
    for (const key of bad) {
      await expect(storage().put(key, source, { contentType: 'video/webm' })).rejects.toMatchObject({ status: 400 });
      await expect(storage().stat(key)).rejects.toMatchObject({ status: 400 });
      await expect(storage().read(key)).rejects.toMatchObject({ status: 400 });
      await expect(storage().delete(key)).rejects.toMatchObject({ status: 400 });
    }
    for (const prefix of ['../', '/x', `${o}/../`, `${o}//`]) {
      await expect(storage().list(prefix)).rejects.toMatchObject({ status: 400 });
    }
    expect(await storage().list(`${o}`)).toEqual([]);
  });

  test('a 20 MB file goes up from disk and comes back intact as a stream of chunks, whole and by range', async () => {
    const key = `${org()}/rec1/large.webm`;
    const path = join(dir, 'large.bin');
    const out = createWriteStream(path);
    const whole = createHash('sha256');
    const middle = createHash('sha256');
    const midStart = 7 * 1024 * 1024 + 13;
    const midEnd = 13 * 1024 * 1024 + 29;
    for (let offset = 0; offset < LARGE_BYTES; offset += 1024 * 1024) {
      const block = randomBytes(1024 * 1024);
      whole.update(block);
      const from = Math.max(midStart - offset, 0);
      const to = Math.min(midEnd + 1 - offset, block.length);
      if (from < to) middle.update(block.subarray(from, to));
      if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    out.end();
    await finished(out);

    await storage().put(key, path, { contentType: 'video/webm' });
    expect(await storage().stat(key)).toEqual({ size: LARGE_BYTES, contentType: 'video/webm' });

    const read = await sha256Of(await storage().read(key));
    expect(read.bytes).toBe(LARGE_BYTES);
    expect(read.sha256).toBe(whole.digest('hex'));
    // Streamed: many chunks, none anywhere near the whole object.
    expect(read.chunks).toBeGreaterThan(20);
    expect(read.largestChunk).toBeLessThanOrEqual(1024 * 1024);

    const ranged = await sha256Of(await storage().read(key, { start: midStart, end: midEnd }));
    expect(ranged.bytes).toBe(midEnd - midStart + 1);
    expect(ranged.sha256).toBe(middle.digest('hex'));
    await storage().delete(key);
    await rm(path);
  });
}
