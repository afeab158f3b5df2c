// `@candor/runtime/pglite`: the event store's SQL adapter on PGlite (Postgres compiled to
// WebAssembly, on disk or in memory), for the embedded mode and tests. An entry point of its own:
// its WebAssembly is large, and a distributed service never loads it.
export { createPgliteClient, type PgliteClientOptions } from './src/sql/pglite';
