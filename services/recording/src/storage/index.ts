// Recording storage: the interface, its two adapters and the upload spool in front of them.
export type { ByteRange, RecordingStorage, StoredObject } from './types';
export { RangeNotSatisfiableError } from './types';
export { assertValidKey, assertValidPrefix } from './keys';
export { createFilesystemStorage, type FilesystemStorageOptions } from './filesystem';
export { createS3Storage, type S3StorageOptions } from './s3';
export { backoffDelay, createSpool, type Spool, type SpoolEntry, type SpoolOptions } from './spool';
export { createRecordingStorage, type RecordingStorageConfig } from './create';
