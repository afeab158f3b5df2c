// Tests the test infrastructure itself: each real server started by `npm run infra:up`
// (deploy/infra) answers and does the few things the suites rely on.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { HeadBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { Client } from 'pg';
import { describeWithInfra, findInfra } from './infra';

const suffix = randomBytes(4).toString('hex');

describeWithInfra('infra: PostgreSQL', ['postgres'], (getInfra) => {
  test('answers select 1 and lets the test role create a schema', async () => {
    const client = new Client({ connectionString: getInfra().pgUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ one: number }>('select 1 as one');
      expect(rows[0]?.one).toBe(1);
      const schema = `infra_check_${suffix}`;
      await client.query(`create schema ${schema}`);
      await client.query(`drop schema ${schema}`);
    } finally {
      await client.end();
    }
  });

  test('findInfra reports it available', async () => {
    const status = await findInfra('postgres');
    expect(status).toMatchObject({ available: true, missing: [] });
    expect(status.infra.pgUrl).toBe(getInfra().pgUrl);
  });
});

describeWithInfra('infra: Kafka', ['kafka'], (getInfra) => {
  const kafka = () =>
    new Kafka({ clientId: 'infra-spec', brokers: getInfra().kafkaBrokers ?? [], logLevel: logLevel.NOTHING });

  test('admin lists topics', async () => {
    const admin = kafka().admin();
    await admin.connect();
    try {
      expect(Array.isArray(await admin.listTopics())).toBe(true);
    } finally {
      await admin.disconnect();
    }
  });

  test('a transactional produce is read back by a consumer group (auto-created topic, 3 partitions)', async () => {
    const topic = `infra-check-${suffix}`;
    const k = kafka();
    const producer = k.producer({ transactionalId: `infra-spec-${suffix}`, idempotent: true, maxInFlightRequests: 1 });
    const consumer = k.consumer({ groupId: `infra-spec-${suffix}` });
    const admin = k.admin();
    await Promise.all([producer.connect(), consumer.connect(), admin.connect()]);
    try {
      await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
      const meta = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(meta.topics[0]?.partitions).toHaveLength(3); // num.partitions=3
      const tx = await producer.transaction();
      await tx.send({ topic, messages: [{ key: 'k', value: 'hello' }] });
      await tx.commit();

      await consumer.subscribe({ topic, fromBeginning: true });
      const received = await new Promise<string>((resolveValue, reject) => {
        const timer = setTimeout(() => reject(new Error('no message within 30 s')), 30_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            clearTimeout(timer);
            resolveValue(message.value?.toString() ?? '');
          },
        });
      });
      expect(received).toBe('hello');
    } finally {
      await Promise.allSettled([producer.disconnect(), consumer.disconnect()]);
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});

describeWithInfra('infra: MongoDB wire protocol (FerretDB locally)', ['mongo'], (getInfra) => {
  let client: MongoClient;
  const dbName = `infra_check_${suffix}`;
  beforeAll(async () => {
    client = new MongoClient(getInfra().mongoUrl ?? '', { serverSelectionTimeoutMS: 5_000 });
    await client.connect();
  });
  afterAll(async () => {
    await client?.db(dbName).dropDatabase().catch(() => undefined);
    await client?.close();
  });

  test('ping', async () => {
    expect((await client.db(dbName).command({ ping: 1 })).ok).toBe(1);
  });

  test('insert, find, replaceOne upsert, countDocuments, sort/skip/limit, deleteMany', async () => {
    const coll = client.db(dbName).collection<{ _id: string; n: number; tag: string }>('docs');
    await coll.insertMany([
      { _id: 'a', n: 3, tag: 'x' },
      { _id: 'b', n: 1, tag: 'x' },
      { _id: 'c', n: 2, tag: 'y' },
    ]);
    expect(await coll.findOne({ _id: 'b' })).toEqual({ _id: 'b', n: 1, tag: 'x' });

    const upserted = await coll.replaceOne({ _id: 'd' }, { n: 4, tag: 'y' }, { upsert: true });
    expect(upserted.upsertedCount).toBe(1);
    const replaced = await coll.replaceOne({ _id: 'a' }, { n: 30, tag: 'x' }, { upsert: true });
    expect(replaced.modifiedCount).toBe(1);
    expect(await coll.countDocuments({})).toBe(4);
    expect(await coll.countDocuments({ tag: 'y' })).toBe(2);

    const page = await coll.find({}).sort({ n: -1 }).skip(1).limit(2).toArray();
    expect(page.map((d) => d._id)).toEqual(['d', 'c']);

    const deleted = await coll.deleteMany({ tag: 'x' });
    expect(deleted.deletedCount).toBe(2);
    expect(await coll.countDocuments({})).toBe(2);
  });
});

describeWithInfra('infra: Chromium', ['chromium'], (getInfra) => {
  test('the binary runs', () => {
    const res = spawnSync(getInfra().chromiumPath ?? '', ['--version'], { encoding: 'utf8', timeout: 30_000 });
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/Chromium/);
  });
});

describeWithInfra('infra: S3 API (SeaweedFS)', ['s3'], (getInfra) => {
  test('answers signed requests with the configured credentials, and the bucket exists', async () => {
    const { endpoint, region, bucket, accessKeyId, secretAccessKey, forcePathStyle } = getInfra().s3!;
    const client = new S3Client({ endpoint, region, forcePathStyle, credentials: { accessKeyId, secretAccessKey } });
    try {
      const { Buckets } = await client.send(new ListBucketsCommand({}));
      expect(Buckets?.map((b) => b.Name)).toContain(bucket);
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
      // A wrong secret is refused: the server really checks signatures.
      const intruder = new S3Client({ endpoint, region, forcePathStyle, credentials: { accessKeyId, secretAccessKey: 'wrong' } });
      await expect(intruder.send(new ListBucketsCommand({}))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
      intruder.destroy();
    } finally {
      client.destroy();
    }
  });
});

describeWithInfra('infra: SeaweedFS program', ['seaweedfs'], (getInfra) => {
  test('the weed binary runs', () => {
    const res = spawnSync(getInfra().seaweedfsBin ?? '', ['version'], { encoding: 'utf8', timeout: 30_000 });
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/version/);
  });
});
