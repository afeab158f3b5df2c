// The one storage interface recordings live behind, with two adapters passing one contract suite
// (test/contracts/recording-storage.contract.ts): the local filesystem (embedded mode) and the S3 API
// (distributed mode). Objects are written whole from a finished local file and read as streams,
// whole or by byte range, so HTTP Range playback never loads a recording into memory.
import type { Readable } from 'node:stream';
import { CandorError } from '@candor/runtime';

export interface StoredObject {
  size: number;
  contentType: string;
}

/** Bytes `start` to `end`, both inclusive (as in an HTTP Range header). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface RecordingStorage {
  /**
   * Stores the local file's bytes under `key`, replacing what was there. Readers see either the old
   * object or the whole new one, never a part. The file is streamed, not loaded into memory.
   */
  put(key: string, localFilePath: string, options: { contentType: string }): Promise<void>;
  /** Size and content type, or undefined when no object has that key. */
  stat(key: string): Promise<StoredObject | undefined>;
  /**
   * The object's bytes as a stream: all of them, or one range. A range whose end lies past the last
   * byte ends at the last byte; one that starts past it is refused (RangeNotSatisfiableError, 416).
   * A missing key is a NotFoundError (404), raised before any byte is streamed. The caller must
   * read the stream to its end or destroy it (e.g. `pipeline(stream, res)`): it holds a file handle
   * or an HTTP connection until then.
   */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes the bytes (not a hidden flag). Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Every key that starts with `prefix` (a string prefix, e.g. `org1/` or `org1/rec1/`), sorted. */
  list(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

export class RangeNotSatisfiableError extends CandorError {
  constructor(
    detail: string,
    /** the object's size, for the Content-Range: bytes * /<size> header of a 416 answer */
    readonly size: number,
  ) {
    super(416, 'Range not satisfiable', detail);
  }
}
