// The message bus: its interface and the in-process adapter. The Kafka adapter (same contract suite)
// is `@candor/runtime/kafka`, so a process that does not run Kafka never loads kafkajs.
export type { ConsumerGroupRunner, DeadLetterOptions, DeliveredMessage, MessageBus, OutgoingMessage, ParkedMessage, PartitionLag, SubscribeOptions, Subscription } from './types';
export { deadLetterTopic, deadLetterHeader, UnprocessableMessage } from './dead-letters';
export { createInProcessBus, partitionFor, type InProcessBusOptions } from './in-process';
