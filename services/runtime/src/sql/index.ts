// The SQL port the event store and the outbox relay run on. Its adapters load heavy clients and are
// entry points of their own: `@candor/runtime/postgres` (pg) and `@candor/runtime/pglite` (PGlite).
export type { SqlClient, SqlExecutor, SqlRows } from './types';
