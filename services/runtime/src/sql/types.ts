// The little SQL surface the event store and outbox need, so they run unchanged on a real Postgres
// server (`pg`) and on the embedded PGlite. PGlite has one connection and runs one transaction at a
// time; nothing built on this interface may depend on concurrency or on NOTIFY: `listen` exists on
// a real server only, and whoever uses it keeps working (more slowly) without it.
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
  /**
   * Real Postgres only: calls `onNotify` on every NOTIFY on `channel` (a lower-case identifier),
   * on its own connection, reconnecting with backoff when it drops — and once after each
   * (re)connection, since notifications sent while it was away are lost. A wake-up, not a message
   * channel: a listener must still find the work itself (e.g. the relay's poll is its safety net).
   */
  listen?(channel: string, onNotify: () => void): SqlListener;
}

export interface SqlListener {
  close(): Promise<void>;
}
