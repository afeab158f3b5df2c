// A process that spools one file to S3 and keeps uploading, for the spool test to SIGKILL mid-upload:
// a crash, not a clean close. Prints "uploading" once the first upload attempt has begun.
// Env: SPOOL_DIR, SPOOL_KEY, SPOOL_FILE, S3_ENDPOINT, S3_REGION, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY.
import { createS3Storage, createSpool, type RecordingStorage } from '@candor/recording';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const s3 = createS3Storage({
  endpoint: env('S3_ENDPOINT'),
  region: env('S3_REGION'),
  bucket: env('S3_BUCKET'),
  accessKeyId: env('S3_ACCESS_KEY_ID'),
  secretAccessKey: env('S3_SECRET_ACCESS_KEY'),
  forcePathStyle: true,
  multipartThresholdBytes: 8 * 1024 * 1024,
  partSizeBytes: 5 * 1024 * 1024,
});
// Pass-through that only says when the upload began.
const storage: RecordingStorage = {
  ...s3,
  put: async (key, path, options) => {
    process.stdout.write('uploading\n');
    return s3.put(key, path, options);
  },
};

void (async () => {
  const spool = createSpool({ dir: env('SPOOL_DIR'), storage, initialDelayMs: 100, maxDelayMs: 500 });
  await spool.start();
  await spool.add(env('SPOOL_KEY'), env('SPOOL_FILE'), { contentType: 'video/webm' });
  await spool.idle();
  process.stdout.write('uploaded\n');
})();
