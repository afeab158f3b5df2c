// Baseline 3: what the same Mongo-wire server (FerretDB here) does with the simplest writes of the
// projection's kind, from the same number of concurrent clients: single-document inserts of a job
// read-model document (`insertOne`), and inserts of 32 at a time (`insertMany`, what the projection
// does per Kafka batch). If the pipeline's read side is bounded by this server, these say by how much.
import { MongoClient } from 'mongodb';
import { createFreshDatabases } from '../distributed/fresh-databases';
import { closedLoop, measurementWindow, summarise, wallMs, type LatencySummary } from './stats';
import type { BenchServers, LoadShape } from './pipeline';

export interface MongoBaselineResult {
  single: { documentsPerSecond: number; insertMs: LatencySummary };
  batchesOf32: { documentsPerSecond: number; insertMs: LatencySummary };
}

export async function benchMongoInserts(servers: BenchServers, load: LoadShape, document: object): Promise<MongoBaselineResult> {
  const databases = await createFreshDatabases({ pgUrl: servers.pgUrl, mongoUrl: servers.mongoUrl, prefix: 'candor_bench_mongo' });
  const client = new MongoClient(databases.mongoUrl);
  await client.connect();
  let id = 0;
  const next = () => ({ ...document, _id: `bench-${(id += 1)}` });
  try {
    const run = async (collectionName: string, size: number, shape: LoadShape) => {
      const collection = client.db(databases.mongoDatabase).collection<{ _id: string }>(collectionName);
      const latencies: number[] = [];
      let documents = 0;
      const window = measurementWindow(shape);
      await closedLoop(shape.concurrency, window, async () => {
        const t0 = wallMs();
        if (size === 1) await collection.insertOne(next());
        else await collection.insertMany(Array.from({ length: size }, next), { ordered: false });
        const t1 = wallMs();
        if (window.has(t0)) latencies.push(t1 - t0);
        if (window.has(t1)) documents += size;
      });
      return { documentsPerSecond: Math.round(documents / (shape.durationMs / 1000)), insertMs: summarise(latencies) };
    };
    // half the phase's time each
    const half = { ...load, durationMs: Math.max(1000, load.durationMs / 2) };
    const single = await run('jobs_single', 1, half);
    const batchesOf32 = await run('jobs_batches', 32, half);
    return { single, batchesOf32 };
  } finally {
    await client.close();
    await databases.drop();
  }
}
