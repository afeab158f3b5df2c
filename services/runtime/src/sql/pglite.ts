// SqlClient on the embedded PGlite (Postgres compiled to WASM): on disk under `dataDir`, or in
// memory without one. PGlite has one connection: every query, inside a transaction or not, waits
// for the transaction in progress, so code on top must never wait on another transaction.
import { PGlite, types } from '@electric-sql/pglite';
import { parseInt8 } from './int8';
import type { SqlClient, SqlExecutor, SqlRows } from './types';

export interface PgliteClientOptions {
  /** folder of the database files; undefined keeps the database in memory */
  dataDir?: string;
}

export function createPgliteClient(options: PgliteClientOptions = {}): SqlClient {
  const db = new PGlite(options.dataDir, { parsers: { [types.INT8]: parseInt8 } });
  // A failed start (bad data folder, say) reaches the caller through its first query; left
  // unobserved here it would also be an unhandled rejection that kills the process.
  db.waitReady.catch(() => undefined);

  const executorOf = (target: Pick<PGlite, 'query'>): SqlExecutor => ({
    async query<Row>(text: string, params?: unknown[]): Promise<SqlRows<Row>> {
      const result = await target.query<Row>(text, params as unknown[] | undefined);
      return { rows: result.rows };
    },
  });

  return {
    ...executorOf(db),
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      try {
        return await db.transaction((tx) => work(executorOf(tx)));
      } catch (error) {
        // as in the pg adapter: never keep a session-level advisory lock past a failed transaction
        if (!db.closed) await db.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
        throw error;
      }
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
