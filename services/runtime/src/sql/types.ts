// The little SQL surface the event store and outbox need, so they run unchanged on a real Postgres
// server (`pg`) and on the embedded PGlite. PGlite has one connection and runs one transaction at a
// time; nothing built on this interface may depend on concurrency or on NOTIFY.
export interface SqlRows<Row> {
  rows: Row[];
}

export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<SqlRows<Row>>;
}

export interface SqlClient extends SqlExecutor {
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
