// Document stores for read models: the interface and its two adapters (Mongo, memory).
export type { Document, DocumentCollection, DocumentStore, Filter, FindOptions } from './types';
export { createMongoDocumentStore, type MongoDocumentStoreOptions } from './mongo';
export { createMemoryDocumentStore } from './memory';
