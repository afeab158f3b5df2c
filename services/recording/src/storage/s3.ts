// Recording storage on the S3 API (distributed mode), through the AWS SDK's S3 client: it signs
// requests (SigV4) and parses answers; nothing here hand-signs. Tested against SeaweedFS
// (deploy/infra/seaweedfs.sh), so it sticks to what S3-compatible servers share:
// - Path-style addressing is an option (most self-hosted servers need it).
// - The SDK's default CRC32 checksums are turned off ("WHEN_REQUIRED"): with a streamed body they
//   switch uploads to aws-chunked encoding with trailers, which several S3-compatible servers reject.
// - Uploads go through their own client with maxAttempts 1. A body streamed from a file cannot be
//   replayed by the SDK's retry; a retry would send a consumed stream. Retrying is the spool's job
//   (spool.ts), which starts each attempt from the file again. Reads keep the SDK's retries.
// - Files above `multipartThresholdBytes` go up as a multipart upload whose parts are read straight
//   from file ranges, so memory stays at one stream's buffer whatever the size; an upload that fails
//   is aborted so its parts do not linger as hidden bytes. When the abort itself cannot reach the
//   server (it is down: the usual reason the upload failed), the next multipart put of that key
//   aborts the leftover first. That assumes one writer per key, which the spool guarantees.
// Deletion removes the bytes, also in a bucket that has (or once had) versioning on: there a plain
// DELETE only adds a delete marker and keeps every earlier version, so the recording would be
// hidden, not gone. After the DELETE, every remaining version and marker of exactly that key is
// deleted by version id. (Needs s3:ListBucketVersions and s3:DeleteObjectVersion on the bucket.)
// The SDK is loaded when an S3 storage is created, not when this module is: the embedded mode
// imports the service (and this file) but stores on the filesystem, and need not load the SDK.
import { createReadStream } from 'node:fs';
import { stat as statFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { NotFoundError } from '@candor/runtime';
import { assertValidKey, assertValidPrefix, assertValidRange } from './keys';
import { RangeNotSatisfiableError, type ByteRange, type RecordingStorage } from './types';

export interface S3StorageOptions {
  /** e.g. http://127.0.0.1:58333; omit for AWS itself */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** bucket in the path (http://host/bucket/key) rather than the host name; most non-AWS servers need it */
  forcePathStyle?: boolean;
  /** files larger than this go up in parts (default 64 MiB) */
  multipartThresholdBytes?: number;
  /** part size of a multipart upload (default 16 MiB; S3's minimum is 5 MiB) */
  partSizeBytes?: number;
}

const MiB = 1024 * 1024;

type S3Sdk = typeof import('@aws-sdk/client-s3');
let sdk: S3Sdk | undefined;
function loadSdk(): S3Sdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (sdk ??= require('@aws-sdk/client-s3') as S3Sdk);
}

function httpStatus(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

export function createS3Storage(options: S3StorageOptions): RecordingStorage {
  const {
    AbortMultipartUploadCommand,
    CompleteMultipartUploadCommand,
    CreateMultipartUploadCommand,
    DeleteObjectCommand,
    GetObjectCommand,
    HeadObjectCommand,
    ListMultipartUploadsCommand,
    ListObjectVersionsCommand,
    ListObjectsV2Command,
    PutObjectCommand,
    S3Client,
    UploadPartCommand,
  } = loadSdk();
  const { bucket } = options;
  const threshold = options.multipartThresholdBytes ?? 64 * MiB;
  const partSize = Math.max(options.partSizeBytes ?? 16 * MiB, 5 * MiB);
  const config: S3ClientConfig = {
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A server that went away must fail the call, not hang it: connect quickly or give up, and a
    // socket idle this long (no byte either way) is dead.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  };
  const client = new S3Client(config);
  const uploads = new S3Client({ ...config, maxAttempts: 1 });

  /** Aborts unfinished multipart uploads of exactly this key (left by a failed attempt). */
  async function abortLeftovers(key: string): Promise<void> {
    const { Uploads } = await uploads.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }));
    for (const u of Uploads ?? []) {
      if (u.Key === key && u.UploadId) await uploads.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: u.UploadId }));
    }
  }

  async function putMultipart(key: string, path: string, size: number, contentType: string): Promise<void> {
    await abortLeftovers(key);
    const { UploadId } = await uploads.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }));
    if (!UploadId) throw new Error(`S3 gave no upload id for ${key}`);
    try {
      const parts: { ETag: string; PartNumber: number }[] = [];
      for (let start = 0, n = 1; start < size; start += partSize, n++) {
        const end = Math.min(start + partSize, size) - 1;
        const { ETag } = await uploads.send(
          new UploadPartCommand({
            Bucket: bucket,
            Key: key,
            UploadId,
            PartNumber: n,
            Body: createReadStream(path, { start, end }),
            ContentLength: end - start + 1,
          }),
        );
        if (!ETag) throw new Error(`S3 gave no ETag for part ${n} of ${key}`);
        parts.push({ ETag, PartNumber: n });
      }
      await uploads.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
    } catch (err) {
      await uploads.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId })).catch(() => undefined);
      throw err;
    }
  }

  /** Deletes every version and delete marker of exactly `key` (none exist in an unversioned bucket). */
  async function purgeVersions(key: string): Promise<void> {
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    do {
      const page = await client.send(
        new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }),
      );
      for (const v of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
        if (v.Key === key && v.VersionId) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: v.VersionId }));
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker);
  }

  async function head(key: string) {
    try {
      const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { size: out.ContentLength ?? 0, contentType: out.ContentType ?? 'application/octet-stream' };
    } catch (err) {
      if (httpStatus(err) === 404) return undefined;
      throw err;
    }
  }

  return {
    async put(key, localFilePath, { contentType }) {
      assertValidKey(key);
      const { size } = await statFile(localFilePath);
      if (size > threshold) return putMultipart(key, localFilePath, size, contentType);
      await uploads.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: size === 0 ? Buffer.alloc(0) : createReadStream(localFilePath),
          ContentLength: size,
          ContentType: contentType,
        }),
      );
    },

    async stat(key) {
      assertValidKey(key);
      return head(key);
    },

    async read(key, range?: ByteRange): Promise<Readable> {
      assertValidKey(key);
      assertValidRange(range);
      try {
        const out = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
        );
        // In Node the SDK's body is the HTTP response stream itself (an IncomingMessage).
        return out.Body as Readable;
      } catch (err) {
        const status = httpStatus(err);
        if (status === 404) throw new NotFoundError(`no recording object ${key}`);
        if (status === 416 && range) {
          const size = (await head(key))?.size ?? 0;
          throw new RangeNotSatisfiableError(`range starts at ${range.start}, the object has ${size} bytes`, size);
        }
        throw err;
      }
    },

    async delete(key) {
      assertValidKey(key);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      await purgeVersions(key);
    },

    async list(prefix) {
      assertValidPrefix(prefix);
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },

    async close() {
      client.destroy();
      uploads.destroy();
    },
  };
}
