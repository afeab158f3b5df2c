// `@candor/runtime/pglite`: the event store's SQL adapter on PGlite (Postgres compiled to
// WebAssembly, on disk or in memory), for the embedded mode and tests. An entry point of its own:
// its WebAssembly is large, and a distributed service never loads it. `@electric-sql/pglite` is a
// dependency of the packages that use this entry point (embedded, test) and deliberately absent
// from the runtime's package.json, even as an optional peer or a dev dependency: npm installs any
// package a workspace names there with every service whenever another workspace needs it.
export { createPgliteClient, type PgliteClientOptions } from './src/sql/pglite';
