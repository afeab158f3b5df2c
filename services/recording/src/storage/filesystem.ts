// Recording storage on the local filesystem (embedded mode), under a folder the caller names
// (normally <data>/recordings). Layout inside it:
//   objects/<key>         the bytes
//   meta/<key>.json       { contentType } (a filesystem has no place for it on the file itself)
//   tmp/                  files being written; renamed into objects/ when complete
// A put copies into tmp/, fsyncs, then renames: rename within one filesystem is atomic, so a reader
// or a crash sees the old object or the whole new one. The fsync matters because the spool deletes
// its own copy as soon as put returns. Delete unlinks the file (the bytes go with the last open
// handle, as with any file) and prunes the folders it leaves empty, so no empty
// <org>/<recording> folder outlives its recording.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readFile, readdir, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { NotFoundError } from '@candor/runtime';
import { assertValidKey, assertValidPrefix, assertValidRange } from './keys';
import { RangeNotSatisfiableError, type ByteRange, type RecordingStorage, type StoredObject } from './types';

export interface FilesystemStorageOptions {
  /** the folder that holds everything (created if missing) */
  root: string;
}

const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export function createFilesystemStorage({ root }: FilesystemStorageOptions): RecordingStorage {
  const objects = join(root, 'objects');
  const meta = join(root, 'meta');
  const tmp = join(root, 'tmp');
  const objectPath = (key: string) => join(objects, ...key.split('/'));
  const metaPath = (key: string) => join(meta, ...key.split('/')) + '.json';

  async function fsyncPath(path: string): Promise<void> {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Removes empty folders from `dir` up to (not including) `top`. */
  async function pruneEmpty(dir: string, top: string): Promise<void> {
    while (dir.startsWith(top + sep)) {
      try {
        await rmdir(dir);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
      dir = dirname(dir);
    }
  }

  async function statObject(key: string): Promise<StoredObject | undefined> {
    let size: number;
    try {
      const s = await stat(objectPath(key));
      if (!s.isFile()) return undefined;
      size = s.size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw err;
    }
    let contentType = DEFAULT_CONTENT_TYPE;
    try {
      const parsed = JSON.parse(await readFile(metaPath(key), 'utf8')) as { contentType?: unknown };
      if (typeof parsed.contentType === 'string') contentType = parsed.contentType;
    } catch {
      // metadata lost (e.g. a crash between the two renames): the bytes still count
    }
    return { size, contentType };
  }

  async function walk(dir: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw err;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path, out);
      else if (entry.isFile()) out.push(relative(objects, path).split(sep).join('/'));
    }
  }

  return {
    async put(key, localFilePath, { contentType }) {
      assertValidKey(key);
      await mkdir(tmp, { recursive: true });
      const staged = join(tmp, randomBytes(8).toString('hex'));
      try {
        await copyFile(localFilePath, staged);
        await fsyncPath(staged);
        await mkdir(dirname(metaPath(key)), { recursive: true });
        await writeFile(staged + '.json', JSON.stringify({ contentType }));
        await rename(staged + '.json', metaPath(key));
        await mkdir(dirname(objectPath(key)), { recursive: true });
        await rename(staged, objectPath(key));
        await fsyncPath(dirname(objectPath(key)));
      } finally {
        await rm(staged, { force: true });
        await rm(staged + '.json', { force: true });
      }
    },

    async stat(key) {
      assertValidKey(key);
      return statObject(key);
    },

    async read(key, range?: ByteRange): Promise<Readable> {
      assertValidKey(key);
      assertValidRange(range);
      // Open first, so a missing key fails here and not as a stream error after headers went out;
      // the open handle also keeps the bytes readable if the object is deleted meanwhile.
      let handle;
      try {
        handle = await open(objectPath(key), 'r');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') throw new NotFoundError(`no recording object ${key}`);
        throw err;
      }
      const info = await handle.stat();
      if (!info.isFile()) {
        await handle.close(); // a folder that is only a prefix of real keys
        throw new NotFoundError(`no recording object ${key}`);
      }
      const size = info.size;
      if (!range) return createReadStream('', { fd: handle, autoClose: true });
      if (range.start >= size) {
        await handle.close();
        throw new RangeNotSatisfiableError(`range starts at ${range.start}, the object has ${size} bytes`, size);
      }
      return createReadStream('', { fd: handle, autoClose: true, start: range.start, end: Math.min(range.end, size - 1) });
    },

    async delete(key) {
      assertValidKey(key);
      await unlink(objectPath(key)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT' && err.code !== 'ENOTDIR') throw err;
      });
      await rm(metaPath(key), { force: true });
      await pruneEmpty(dirname(objectPath(key)), objects);
      await pruneEmpty(dirname(metaPath(key)), meta);
    },

    async list(prefix) {
      assertValidPrefix(prefix);
      // Walk only the deepest folder the prefix names completely, then filter by the string prefix.
      const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
      const keys: string[] = [];
      await walk(folder ? join(objects, ...folder.split('/')) : objects, keys);
      return keys.filter((k) => k.startsWith(prefix)).sort();
    },

    async close() {
      // nothing held open between calls
    },
  };
}
