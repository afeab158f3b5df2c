// Picks the storage adapter from configuration: the filesystem in the embedded mode, the S3 API in
// the distributed one. The composition root builds the config (it alone reads the environment).
import { createFilesystemStorage } from './filesystem';
import { createS3Storage, type S3StorageOptions } from './s3';
import type { RecordingStorage } from './types';

export type RecordingStorageConfig = { kind: 'filesystem'; root: string } | ({ kind: 's3' } & S3StorageOptions);

export function createRecordingStorage(config: RecordingStorageConfig): RecordingStorage {
  switch (config.kind) {
    case 'filesystem':
      return createFilesystemStorage({ root: config.root });
    case 's3':
      return createS3Storage(config);
    default: {
      const _exhaustive: never = config;
      throw new Error(`unknown recording storage ${JSON.stringify(_exhaustive)}`);
    }
  }
}
