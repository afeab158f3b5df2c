// The SQL adapters the event store and the outbox relay run on.
export type { SqlClient, SqlExecutor, SqlRows } from './types';
export { createPgClient } from './pg';
export { createPgliteClient, type PgliteClientOptions } from './pglite';
