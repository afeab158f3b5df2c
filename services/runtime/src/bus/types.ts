// The message bus between services. Two adapters (Kafka, in-process) with the same guarantees:
// per-key order within a topic, at-least-once delivery to every consumer group (a message whose
// handler throws is delivered again; the group does not move past it), and publish resolves only
// once the bus has the messages durably (for Kafka: acks from all in-sync replicas).
//
// Poison messages: a subscription with `deadLetter` stops retrying a message after `maxAttempts`
// failed deliveries and parks it in its group's dead-letter topic (`dead-letters.<groupId>`, see
// dead-letters.ts), then moves on; `replayDeadLetters` hands the parked messages back to that group
// alone once its handler is fixed. Without `deadLetter` a failing message is retried for ever.
export interface OutgoingMessage {
  key: string;
  value: string;
  headers?: Record<string, string>;
}

export interface DeliveredMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface SubscribeOptions {
  /** Consumers with the same group id share the work; every group sees every message. */
  groupId: string;
  topics: string[];
  /** A group with no committed position starts at the oldest message (default true). */
  fromBeginning?: boolean;
  /** Resolves when handled; the position is committed only after that. Throwing means "deliver again". */
  handle(message: DeliveredMessage): Promise<void>;
  /**
   * Optional, for consumers that gain from writing many messages at once: when given, the adapter
   * calls it instead of `handle` with consecutive messages of one partition, in order (so a key's
   * messages are never in two calls at the same time). Resolving commits them all; throwing means
   * "deliver them all again", and nothing after them on that partition is handled meanwhile.
   */
  handleBatch?(messages: DeliveredMessage[]): Promise<void>;
  /**
   * Park a message after this many failed deliveries instead of retrying it for ever. A batch that
   * fails is split: its messages are delivered one at a time, so only the poison one is parked.
   */
  deadLetter?: DeadLetterOptions;
}

export interface DeadLetterOptions {
  /** deliveries before parking (at least 1) */
  maxAttempts: number;
  /** told after a message was parked (a metric, a durable checkpoint that must not pass it) */
  onParked?(parked: ParkedMessage): void;
}

/** A message as parked in a dead-letter topic: the original and why, where and when it failed. */
export interface ParkedMessage {
  groupId: string;
  message: DeliveredMessage;
  error: string;
  partition: number;
  offset: string;
  attempts: number;
  parkedAt: string;
}

export interface Subscription {
  stop(): Promise<void>;
}

/** How far a consumer group is behind on one partition: messages on it the group has not committed. */
export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

/** A consumer group this process runs (a projection or a policy), as readiness and metrics see it. */
export interface ConsumerGroupRunner {
  kind: 'projection' | 'policy';
  /** the projection's or policy's name */
  name: string;
  groupId: string;
  topics: string[];
  /** subscribed and consuming (false before start, after stop, during a rebuild) */
  running(): boolean;
  start(): Promise<void>;
  /** finishes the message or batch in hand, commits, leaves the group */
  stop(): Promise<void>;
}

export interface MessageBus {
  /** Creates topics if missing. Idempotent. */
  ensureTopics(topics: string[]): Promise<void>;
  publish(topic: string, messages: OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /**
   * Hands every message parked for `groupId` since the last replay back to that group only (other
   * groups skip it), once each; resolves with how many. A message that fails again is parked again.
   */
  replayDeadLetters(groupId: string): Promise<number>;
  /**
   * The group's lag on every partition of these topics: messages published there that the group has
   * not handled and committed. A group with no position counts from the oldest message (as
   * `fromBeginning`). Asks the broker (Kafka), so it rejects while the broker is unreachable.
   */
  lag(groupId: string, topics: string[]): Promise<PartitionLag[]>;
  /**
   * Asks the broker one cheap question (Kafka: the topics' metadata); rejects while it is
   * unreachable. Readiness asks it even of a process with no consumer group (identity: only its
   * outbox relay publishes), whose lag question would ask the broker nothing.
   */
  reachable(): Promise<void>;
  close(): Promise<void>;
}
