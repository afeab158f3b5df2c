// Baseline 1: what the same Postgres does with the simplest write — one single-row INSERT per
// operation (autocommit), from the same number of concurrent clients, through a pool of the same
// size as the service's (pg's default, 10), with a payload as large as one event envelope.
import { Pool } from 'pg';
import { createFreshDatabases } from '../distributed/fresh-databases';
import { closedLoop, measurementWindow, summarise, wallMs, type LatencySummary } from './stats';
import type { BenchServers, LoadShape } from './pipeline';

export const pgPoolSize = 10;

export interface PgBaselineResult {
  rows: number;
  rowsPerSecond: number;
  insertMs: LatencySummary;
}

export async function benchPgInserts(
  servers: BenchServers,
  load: LoadShape,
  payload: string,
): Promise<PgBaselineResult> {
  const databases = await createFreshDatabases({
    pgUrl: servers.pgUrl,
    mongoUrl: servers.mongoUrl,
    prefix: 'candor_bench_pg',
  });
  const pool = new Pool({ connectionString: databases.databaseUrl, max: pgPoolSize });
  try {
    await pool.query(
      'CREATE TABLE bench_rows (id bigserial PRIMARY KEY, payload jsonb NOT NULL, written_at timestamptz NOT NULL DEFAULT now())',
    );
    const latencies: number[] = [];
    let rows = 0;
    const window = measurementWindow(load);
    await closedLoop(load.concurrency, window, async () => {
      const t0 = wallMs();
      await pool.query('INSERT INTO bench_rows (payload) VALUES ($1::text::jsonb)', [payload]);
      const t1 = wallMs();
      if (window.has(t0)) latencies.push(t1 - t0);
      if (window.has(t1)) rows += 1;
    });
    return { rows, rowsPerSecond: Math.round(rows / (load.durationMs / 1000)), insertMs: summarise(latencies) };
  } finally {
    await pool.end();
    await databases.drop();
  }
}
