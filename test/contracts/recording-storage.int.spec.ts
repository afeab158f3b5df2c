// The recording storage contract against both adapters: the filesystem always, the S3 API on the real
// S3-compatible server (SeaweedFS, deploy/infra/seaweedfs.sh) when it is up.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFilesystemStorage, createS3Storage, type RecordingStorage } from '@candor/recording';
import { describeWithS3 } from './infra';
import { recordingStorageContract } from './recording-storage.contract';

jest.setTimeout(60_000);

describe('filesystem recording storage', () => {
  let root: string;
  let storage: RecordingStorage;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'candor-recordings-'));
    storage = createFilesystemStorage({ root });
  });
  afterAll(async () => {
    await storage.close();
    await rm(root, { recursive: true, force: true });
  });
  recordingStorageContract(() => storage);
});

describeWithS3('S3 recording storage', (s3) => {
  let storage: RecordingStorage;
  beforeAll(() => {
    const { endpoint, region, bucket, accessKeyId, secretAccessKey, forcePathStyle } = s3();
    // A low multipart threshold, so the 20 MB case goes up in parts and the small ones in one PUT.
    storage = createS3Storage({
      endpoint,
      region,
      bucket,
      accessKeyId,
      secretAccessKey,
      forcePathStyle,
      multipartThresholdBytes: 8 * 1024 * 1024,
      partSizeBytes: 6 * 1024 * 1024,
    });
  });
  afterAll(() => storage.close());
  recordingStorageContract(() => storage);
});
