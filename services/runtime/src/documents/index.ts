// Document stores for read models: the interface and the memory adapter. The Mongo adapter (same
// contract suite) is `@candor/runtime/mongo`, so a process without Mongo never loads its driver.
export type { Document, DocumentCollection, DocumentStore, Filter, FindOptions } from './types';
export { createMemoryDocumentStore } from './memory';
