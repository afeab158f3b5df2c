// Deletion on a bucket with versioning on: S3 would keep every earlier version behind a delete
// marker, so the recording would be hidden, not gone. The S3 adapter's delete must leave no
// version and no marker of the key (checked with the S3 API itself), and touch no other key.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createS3Storage, type RecordingStorage } from '@candor/recording';
import { describeWithS3 } from '../contracts/infra';

describeWithS3('S3 storage on a versioned bucket', (s3) => {
  const bucket = `versioned-${randomBytes(4).toString('hex')}`;
  let client: S3Client;
  let storage: RecordingStorage;
  let dir: string;

  beforeAll(async () => {
    const { endpoint, region, accessKeyId, secretAccessKey, forcePathStyle } = s3();
    client = new S3Client({ endpoint, region, forcePathStyle, credentials: { accessKeyId, secretAccessKey } });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    storage = createS3Storage({ endpoint, region, bucket, accessKeyId, secretAccessKey, forcePathStyle });
    dir = await mkdtemp(join(tmpdir(), 'candor-versioned-'));
  });
  afterAll(async () => {
    // Empty the bucket completely (versions and markers), then remove it.
    const { Versions, DeleteMarkers } = await client.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    for (const v of [...(Versions ?? []), ...(DeleteMarkers ?? [])]) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: v.Key, VersionId: v.VersionId }));
    }
    await client.send(new DeleteBucketCommand({ Bucket: bucket }));
    await storage.close();
    client.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  async function versionsOf(prefix: string): Promise<string[]> {
    const { Versions, DeleteMarkers } = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix }));
    return [...(Versions ?? []).map((v) => `${v.Key} version`), ...(DeleteMarkers ?? []).map((m) => `${m.Key} marker`)].sort();
  }

  test('delete leaves no version and no delete marker of the key; a neighbour keeps its versions', async () => {
    const file = join(dir, 'f');
    await writeFile(file, 'first take');
    await storage.put('org1/rec1/composite.webm', file, { contentType: 'video/webm' });
    await storage.put('org1/rec10/composite.webm', file, { contentType: 'video/webm' });
    await writeFile(file, 'second take');
    await storage.put('org1/rec1/composite.webm', file, { contentType: 'video/webm' });
    expect(await versionsOf('org1/rec1/')).toEqual(['org1/rec1/composite.webm version', 'org1/rec1/composite.webm version']);

    await storage.delete('org1/rec1/composite.webm');
    expect(await versionsOf('org1/rec1/')).toEqual([]);
    expect(await storage.stat('org1/rec1/composite.webm')).toBeUndefined();
    // `org1/rec1` is a string prefix of `org1/rec10/…`: only the exact key may go.
    expect(await versionsOf('org1/rec10/')).toEqual(['org1/rec10/composite.webm version']);
  });
});
