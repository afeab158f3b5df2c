// What a storage key may look like, checked the same way by both adapters before any I/O.
// Keys are `<orgId>/<recordingId>/<file>`-like paths. The filesystem adapter joins them under its
// root folder, so a `..` segment or an absolute path would escape it; the S3 adapter would accept
// almost anything, which is exactly why the rule lives here and not in either adapter. A small
// character set (no spaces, no percent signs, no backslashes) keeps a key the same string as a file
// name, in an S3 URL and in a log line.
import { ValidationError } from '@candor/runtime';
import type { ByteRange } from './types';

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const MAX_KEY_LENGTH = 512; // well under S3's 1024 bytes, and under common file-path limits

function segmentsOk(segments: string[]): boolean {
  return segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..');
}

/** Throws a ValidationError unless `key` is a relative path of safe, non-empty segments. */
export function assertValidKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH || !segmentsOk(key.split('/'))) {
    throw new ValidationError(`invalid storage key ${JSON.stringify(key)}: segments of letters, digits, '.', '_' and '-' (not starting with '.') separated by single '/'`);
  }
}

/** A list prefix: empty (everything), or a key's beginning (complete segments, then maybe a partial one). */
export function assertValidPrefix(prefix: string): void {
  if (typeof prefix !== 'string' || prefix.length > MAX_KEY_LENGTH) throw new ValidationError('invalid storage prefix');
  if (prefix === '') return;
  const segments = prefix.split('/');
  if (segments.at(-1) === '') segments.pop(); // a trailing slash: "everything under this folder"
  if (!segmentsOk(segments)) throw new ValidationError(`invalid storage prefix ${JSON.stringify(prefix)}`);
}

export function assertValidRange(range: ByteRange | undefined): void {
  if (range === undefined) return;
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new ValidationError(`invalid byte range ${start}-${end}`);
  }
}
