// The message bus: its interface and the two adapters (Kafka, in-process) that pass one contract suite.
export type { DeliveredMessage, MessageBus, OutgoingMessage, SubscribeOptions, Subscription } from './types';
export { createKafkaBus, type KafkaBusOptions } from './kafka';
export { createInProcessBus, partitionFor, type InProcessBusOptions } from './in-process';
