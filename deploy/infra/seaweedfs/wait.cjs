// Waits until an S3-API server answers signed requests with our credentials, and (given a bucket
// name) creates that bucket if missing and round-trips one small object through it. The round trip
// matters for SeaweedFS: its S3 port answers before a volume server has registered, and writes
// fail with "no writable volumes" until then.
// Usage: node wait.cjs http://127.0.0.1:58333 [timeoutSeconds] [bucket]
// Credentials and region: S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_REGION (environment).
// WAIT_PID (optional): the server's pid; if it dies, stop waiting at once (exit 2).
const {
  S3Client, ListBucketsCommand, HeadBucketCommand, CreateBucketCommand,
  PutObjectCommand, GetObjectCommand, DeleteObjectCommand,
} = require('@aws-sdk/client-s3');

const endpoint = process.argv[2];
const deadline = Date.now() + Number(process.argv[3] || 60) * 1000;
const bucket = process.argv[4];
const client = new S3Client({
  endpoint,
  region: process.env.S3_REGION || 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: process.env.S3_ACCESS_KEY_ID || '', secretAccessKey: process.env.S3_SECRET_ACCESS_KEY || '' },
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  maxAttempts: 1,
});

async function check() {
  await client.send(new ListBucketsCommand({}));
  if (!bucket) return;
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  const Key = `_infra_wait/${process.pid}`;
  await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'ok' }));
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key }));
  const body = await got.Body.transformToString();
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
  if (body !== 'ok') throw new Error(`read back ${JSON.stringify(body)}`);
}

(async () => {
  let last;
  const pid = Number(process.env.WAIT_PID || 0);
  while (Date.now() < deadline) {
    if (pid) {
      try {
        process.kill(pid, 0);
      } catch {
        console.error(`S3 server process ${pid} exited`);
        process.exit(2);
      }
    }
    try {
      await check();
      process.exit(0);
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  console.error(`S3 server at ${endpoint} did not answer: ${last && (last.name + ': ' + last.message)}`);
  process.exit(1);
})();
