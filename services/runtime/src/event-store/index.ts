// The event store: the interface every service appends to and its Postgres implementation.
export { ConcurrencyError, type AppendResult, type EventStore, type ExpectedVersion, type NewEvent } from './types';
export {
  createPostgresEventStore,
  type Appended,
  type PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres-event-store';
export { quoteSchema } from './schema';
export { withStreamCache, type StreamCacheOptions } from './stream-cache';
