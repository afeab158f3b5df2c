// `@candor/runtime/postgres`: the event store's SQL adapter on a real Postgres (node-postgres pool).
// An entry point of its own so that only processes that run Postgres load `pg`.
export { createPgClient } from './src/sql/pg';
