// The outbox relay: publishes a service's appended events to the bus.
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './relay';
export { pruneOutbox, type OutboxPruning } from './prune';
