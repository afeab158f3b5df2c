// The Kafka message bus (kafkajs): an idempotent producer that waits for all in-sync replicas, and
// one consumer per subscription in its consumer group. A partition is handled one message (or, with
// `handleBatch`, one run of fetched messages) at a time, for per-key order; several partitions are
// handled concurrently for throughput.
//
// Redelivery: a handler that throws is retried in place (same message, backoff, heartbeats kept) and
// its offset is never resolved, so nothing behind it on that partition is handled or committed. We
// do not rely on kafkajs's own reaction to a throwing eachMessage: it refetches from the last
// resolved offset, but after its retries it crashes the consumer, and for a TypeError or any error
// marked `retriable: false` it crashes *without restarting*, silently stopping the group member.
// Errors that do leave eachMessage (stop, rebalance) are wrapped as retriable and restart is forced.
//
// Poison messages: with `deadLetter`, the retries in place stop after `maxAttempts`; the message is
// produced to `dead-letters.<group>` (acks from all in-sync replicas; while that fails it is retried,
// never skipped) and only then resolved, so the partition moves on without losing it. A failing batch
// is split into single messages first. `replayDeadLetters` reads the dead-letter topic with a consumer
// group of its own (`<group>.dead-letters.replay`) up to its end when called, so every parked message
// is handed back once, however often the command runs.
//
// Topics are created with explicit settings (`topicConfig`): partitions, replication factor,
// `min.insync.replicas` and retention. Topics that exist are left as they are.
import { Kafka, logLevel, Partitioners, type Consumer, type KafkaMessage, type LogEntry } from 'kafkajs';
import { createLogger, type Logger } from '../logging';
import { deadLetterTopic, describeError, isDeadLetterTopic, isForAnotherGroup, isUnprocessable, toDeadLetter, toRedelivery } from './dead-letters';
import type { DeliveredMessage, MessageBus, ParkedMessage, SubscribeOptions, Subscription } from './types';

/** How ensureTopics creates a topic. */
export interface KafkaTopicConfig {
  /** partitions of event topics (default 3); dead-letter topics get 1, which keeps their order */
  partitions?: number;
  /** copies of each partition (default -1: the broker's `default.replication.factor`) */
  replicationFactor?: number;
  /** replicas that must have a write before it is acknowledged (acks=all); default: the broker's */
  minInsyncReplicas?: number;
  /** how long messages are kept, in ms (-1 for ever; default: the broker's `log.retention.ms`) */
  retentionMs?: number;
}

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  logger?: Logger;
  /**
   * Prefix of every topic and consumer group on the broker (`<namespace>.<topic>`), so several
   * deployments or test runs can share one cluster; the bus's users keep the logical names.
   */
  namespace?: string;
  /** partitions of topics created by ensureTopics (default 3); overrides `topicConfig.partitions` */
  partitions?: number;
  /** settings of the topics ensureTopics creates */
  topicConfig?: KafkaTopicConfig;
  /** partitions one consumer handles at the same time (default: `partitions`) */
  partitionsConsumedConcurrently?: number;
  /** first retry delay after a handler threw; doubles up to 5 s (default 100 ms) */
  retryBackoffMs?: number;
  /** how long an idle fetch waits on the broker for new messages (default 500 ms) */
  maxFetchWaitMs?: number;
  /** how long subscribe waits for the consumer to join its group (default 30 s) */
  joinTimeoutMs?: number;
  /** most messages per `handleBatch` call; a larger fetched batch is handed over in parts (default 256) */
  maxBatchSize?: number;
}

/** An error from our handler, marked so kafkajs retries and restarts instead of giving up. */
class HandlerNotCompleted extends Error {
  readonly retriable = true;
  constructor(readonly reason: unknown) {
    super(`message handler did not complete: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'HandlerNotCompleted';
  }
}

function kafkaLogCreator(logger: Logger) {
  return () => (entry: LogEntry) => {
    const { message, ...fields } = entry.log;
    const context = { ...fields, namespace: entry.namespace, source: 'kafkajs' };
    if (entry.level === logLevel.ERROR) logger.error(context, message);
    else if (entry.level === logLevel.WARN) logger.warn(context, message);
  };
}

function toStringHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    // kafkajs hands headers over as Buffers (an array when a header repeats: the last one wins)
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    result[name] = Buffer.isBuffer(last) ? last.toString('utf8') : String(last);
  }
  return result;
}

function toDelivered(topic: string, message: KafkaMessage): DeliveredMessage {
  return {
    topic,
    key: message.key?.toString('utf8') ?? '',
    value: message.value?.toString('utf8') ?? '',
    headers: toStringHeaders(message.headers),
  };
}

/** Waits `ms`, or less when `signal` aborts (so stop() does not sit out a backoff). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/**
 * One client (the producer, the admin), connected at its first use and shared after that. A connect
 * that fails is forgotten, so the next use connects again: remembered, it failed every later use for
 * the life of the process — a service whose first publish came while the broker was down never
 * published again (its outbox only grew), which the fault-injection suite found (test/faults). Once
 * connected, kafkajs reconnects by itself.
 */
function connectOnRequest<Client extends { connect(): Promise<void>; disconnect(): Promise<void> }>(create: () => Client) {
  let connected: Promise<Client> | undefined;
  const get = () =>
    (connected ??= (async () => {
      const client = create();
      try {
        await client.connect();
        return client;
      } catch (error) {
        connected = undefined;
        await client.disconnect().catch(() => {});
        throw error;
      }
    })());
  return Object.assign(get, {
    async disconnect() {
      const client = await connected?.catch(() => undefined);
      await client?.disconnect();
    },
  });
}

export function createKafkaBus(options: KafkaBusOptions): MessageBus {
  const logger = options.logger ?? createLogger('bus', 'warn');
  const partitions = options.partitions ?? options.topicConfig?.partitions ?? 3;
  const topicConfig = options.topicConfig ?? {};
  const configEntries = [
    topicConfig.minInsyncReplicas !== undefined && { name: 'min.insync.replicas', value: String(topicConfig.minInsyncReplicas) },
    topicConfig.retentionMs !== undefined && { name: 'retention.ms', value: String(topicConfig.retentionMs) },
  ].filter((entry): entry is { name: string; value: string } => Boolean(entry));
  const concurrency = options.partitionsConsumedConcurrently ?? partitions;
  const firstBackoff = options.retryBackoffMs ?? 100;
  const maxBatchSize = options.maxBatchSize ?? 256;
  const prefix = options.namespace ? `${options.namespace}.` : '';
  const onBroker = (name: string) => prefix + name;
  const logical = (name: string) => (name.startsWith(prefix) ? name.slice(prefix.length) : name);
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
  });
  const subscriptions = new Set<Subscription>();
  let closed = false;

  const connectedProducer = connectOnRequest(() =>
    kafka.producer({
      idempotent: true,
      // with one request in flight a retried send cannot overtake the next one (per-key order)
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    }),
  );
  const connectedAdmin = connectOnRequest(() => kafka.admin());

  async function ensureTopics(logicalTopics: string[]): Promise<void> {
    const topics = logicalTopics.map(onBroker);
    const client = await connectedAdmin();
    // On a fresh broker, or while another service creates the same topic, the metadata of a new
    // topic lags behind its creation: kafkajs then throws a retriable UNKNOWN_TOPIC_OR_PARTITION /
    // LEADER_NOT_AVAILABLE instead of waiting. Retry those for a while rather than fail the start.
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = new Set(await client.listTopics());
        const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
        if (missing.length === 0) return;
        // createTopics answers false when another process created them first: that is fine
        await client.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: isDeadLetterTopic(logical(topic)) ? 1 : partitions,
            replicationFactor: topicConfig.replicationFactor ?? -1,
            configEntries,
          })),
        });
        return;
      } catch (error) {
        if (!(error as { retriable?: boolean }).retriable || attempt >= 20) throw error;
        logger.warn({ err: error, attempt }, 'topics not ready yet; retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 2_000)));
      }
    }
  }

  async function subscribe(subscription: SubscribeOptions): Promise<Subscription> {
    if (closed) throw new Error('the bus is closed');
    const groupId = subscription.groupId;
    const deadLetter = subscription.deadLetter;
    await ensureTopics(deadLetter ? [...subscription.topics, deadLetterTopic(groupId)] : subscription.topics);
    const stopping = new AbortController();
    const consumer: Consumer = kafka.consumer({
      groupId: onBroker(subscription.groupId),
      retry: { restartOnFailure: async () => !stopping.signal.aborted },
      // an idle fetch waits this long for data; stop() waits for that fetch, so keep it short
      maxWaitTimeInMs: options.maxFetchWaitMs ?? 500,
    });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    // A new group that starts at the end learns where "the end" is in its first fetch, not at join.
    const fetched = new Promise<void>((resolve) => consumer.on(consumer.events.FETCH, () => resolve()));
    const ready = subscription.fromBeginning === false ? joined.then(() => fetched) : joined;

    /** `where` says, for the log, which message (or the first of a batch) is being retried. */
    const handleUntilDone = async (
      work: () => Promise<void>,
      heartbeat: () => Promise<void>,
      where: Record<string, unknown>,
      maxAttempts = Infinity,
    ): Promise<'done' | { failed: unknown; attempts: number }> => {
      for (let failures = 0; ; failures++) {
        try {
          await work();
          return 'done';
        } catch (error) {
          // stopping (or a rebalance, thrown by heartbeat below): leave the offset unresolved
          if (stopping.signal.aborted) throw new HandlerNotCompleted(error);
          if (failures + 1 >= maxAttempts || (maxAttempts < Infinity && isUnprocessable(error))) return { failed: error, attempts: failures + 1 };
          const delay = Math.min(firstBackoff * 2 ** failures, 5000);
          logger.warn({ err: error, ...where, attempt: failures + 1, retryInMs: delay }, 'bus handler failed; the message will be delivered again');
          await sleep(delay, stopping.signal);
          if (stopping.signal.aborted) throw new HandlerNotCompleted(error);
          await heartbeat();
        }
      }
    };

    /** Produces the message to the group's dead-letter topic, retrying until the broker has it. */
    const park = async (parked: ParkedMessage, heartbeat: () => Promise<void>) => {
      for (let failures = 0; ; failures++) {
        try {
          const client = await connectedProducer();
          await client.send({ topic: onBroker(deadLetterTopic(groupId)), acks: -1, messages: [toDeadLetter(parked)] });
          break;
        } catch (error) {
          if (stopping.signal.aborted) throw new HandlerNotCompleted(error);
          logger.warn({ err: error, groupId }, 'could not park a message in the dead-letter topic yet; retrying');
          await sleep(Math.min(firstBackoff * 2 ** failures, 5000), stopping.signal);
          await heartbeat();
        }
      }
      logger.error(
        { err: parked.error, groupId, topic: parked.message.topic, partition: parked.partition, offset: parked.offset, key: parked.message.key, attempts: parked.attempts },
        'bus handler kept failing; the message is parked in the dead-letter topic and the partition moves on',
      );
      try {
        deadLetter?.onParked?.(parked);
      } catch {
        // an observer must not stop the partition
      }
    };

    /** Handles one message to the end: done, or parked after `maxAttempts` (with `deadLetter`). */
    const handleOne = async (
      work: () => Promise<void>,
      message: DeliveredMessage,
      at: { partition: number; offset: string },
      heartbeat: () => Promise<void>,
    ) => {
      const where = { groupId, topic: message.topic, ...at, key: message.key };
      const outcome = await handleUntilDone(work, heartbeat, where, deadLetter?.maxAttempts);
      if (outcome === 'done') return;
      const parked = { groupId, message, error: describeError(outcome.failed), attempts: outcome.attempts, parkedAt: new Date().toISOString(), ...at };
      await park(parked, heartbeat);
    };

    try {
      await consumer.connect();
      // A topic another process has just created can be listed before its partitions are hosted:
      // subscribing then fails with a retriable UNKNOWN_TOPIC_OR_PARTITION. Retry those a while.
      for (let attempt = 1; ; attempt++) {
        try {
          await consumer.subscribe({ topics: subscription.topics.map(onBroker), fromBeginning: subscription.fromBeginning ?? true });
          break;
        } catch (error) {
          if (!(error as { retriable?: boolean }).retriable || attempt >= 20) throw error;
          logger.warn({ err: error, attempt }, 'topics not ready for subscribing yet; retrying');
          await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 2_000)));
        }
      }
    } catch (error) {
      await consumer.disconnect().catch(() => {});
      throw error;
    }
    const handleBatch = subscription.handleBatch?.bind(subscription);
    await consumer.run({
      partitionsConsumedConcurrently: concurrency,
      ...(handleBatch
        ? {
            // offsets are resolved by hand, part by part, so a failing part never commits the next ones
            eachBatchAutoResolve: false,
            eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
              for (let start = 0; start < batch.messages.length; start += maxBatchSize) {
                if (!isRunning() || isStale()) return;
                const part = batch.messages
                  .slice(start, start + maxBatchSize)
                  .map((message) => ({ message, delivered: toDelivered(logical(batch.topic), message) }))
                  .filter(({ delivered }) => !isForAnotherGroup(delivered, groupId));
                const last = batch.messages[Math.min(start + maxBatchSize, batch.messages.length) - 1]!;
                if (part.length > 0) {
                  const delivered = part.map((entry) => entry.delivered);
                  const where = { groupId, topic: batch.topic, partition: batch.partition, offset: part[0]!.message.offset, key: delivered[0]!.key, messages: part.length };
                  if (!deadLetter || part.length === 1) {
                    if (!deadLetter) await handleUntilDone(() => handleBatch(delivered), heartbeat, where);
                    else await handleOne(() => handleBatch(delivered), delivered[0]!, { partition: batch.partition, offset: part[0]!.message.offset }, heartbeat);
                  } else if ((await handleUntilDone(() => handleBatch(delivered), heartbeat, where, 1)) !== 'done') {
                    // one of them is failing: one at a time, so only that one is parked
                    for (const { message, delivered: one } of part) {
                      await handleOne(() => handleBatch([one]), one, { partition: batch.partition, offset: message.offset }, heartbeat);
                      resolveOffset(message.offset);
                    }
                  }
                }
                resolveOffset(last.offset);
                await heartbeat();
              }
            },
          }
        : {
            eachMessage: async ({ topic, partition, message, heartbeat }) => {
              const delivered = toDelivered(logical(topic), message);
              if (isForAnotherGroup(delivered, groupId)) return;
              await handleOne(() => subscription.handle(delivered), delivered, { partition, offset: message.offset }, heartbeat);
            },
          }),
    });
    // Ready means partitions are assigned: a message published from now on reaches this group.
    const joinTimeout = options.joinTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), joinTimeout)));
    if ((await Promise.race([ready, timedOut])) === 'timeout') {
      logger.warn({ groupId: subscription.groupId, joinTimeoutMs: joinTimeout }, 'consumer has not joined its group yet');
    }
    clearTimeout(timer);

    const handle: Subscription = {
      async stop() {
        if (stopping.signal.aborted) return;
        stopping.abort();
        // disconnect waits for the message in hand, then commits what was handled and leaves the group
        await consumer.disconnect();
        subscriptions.delete(handle);
      },
    };
    subscriptions.add(handle);
    return handle;
  }

  /** Hands the group's parked messages, up to the dead-letter topic's end now, back to the group. */
  async function replayDeadLetters(groupId: string): Promise<number> {
    if (closed) throw new Error('the bus is closed');
    const parkedTopic = deadLetterTopic(groupId);
    await ensureTopics([parkedTopic]);
    const client = await connectedAdmin();
    const replayGroup = onBroker(`${groupId}.dead-letters.replay`);
    const ends = new Map((await client.fetchTopicOffsets(onBroker(parkedTopic))).map((entry) => [entry.partition, BigInt(entry.high)]));
    const [committed] = await client.fetchOffsets({ groupId: replayGroup, topics: [onBroker(parkedTopic)] });
    // no commit yet is -1: from the start
    const starts = new Map((committed?.partitions ?? []).map((entry) => [entry.partition, BigInt(Math.max(0, Number(entry.offset)))]));
    // a partition with messages past the replay group's position (none committed: from its start)
    const pending = new Set([...ends].filter(([partition, high]) => high > (starts.get(partition) ?? 0n)).map(([partition]) => partition));
    if (pending.size === 0) return 0;
    const consumer = kafka.consumer({ groupId: replayGroup, maxWaitTimeInMs: 200 });
    let count = 0;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [onBroker(parkedTopic)], fromBeginning: true });
      const producer = await connectedProducer();
      await new Promise<void>((resolve, reject) => {
        const finished = (partition: number) => {
          pending.delete(partition);
          if (pending.size === 0) resolve();
        };
        consumer
          .run({
            eachMessage: async ({ partition, message }) => {
              const offset = BigInt(message.offset);
              const end = ends.get(partition) ?? 0n;
              if (offset >= end) return; // parked after the replay began: the next replay takes it
              const redelivery = toRedelivery(toDelivered(parkedTopic, message));
              if (redelivery) {
                await producer.send({ topic: onBroker(redelivery.topic), acks: -1, messages: [redelivery.message] });
                count++;
              }
              if (offset + 1n >= end) finished(partition);
            },
          })
          .catch(reject);
      });
      await consumer.commitOffsets([...ends].map(([partition, high]) => ({ topic: onBroker(parkedTopic), partition, offset: String(high) })));
    } finally {
      await consumer.disconnect().catch(() => {});
    }
    return count;
  }

  return {
    ensureTopics,
    replayDeadLetters,
    async publish(topic, messages) {
      if (closed) throw new Error('the bus is closed');
      if (messages.length === 0) return;
      const client = await connectedProducer();
      await client.send({
        topic: onBroker(topic),
        acks: -1,
        messages: messages.map((message) => ({ key: message.key, value: message.value, headers: message.headers })),
      });
    },
    subscribe,
    async reachable() {
      // a metadata request to the broker (the admin client reconnects when it is back)
      await (await connectedAdmin()).listTopics();
    },
    async lag(groupId, logicalTopics) {
      const client = await connectedAdmin();
      const topics = logicalTopics.map(onBroker);
      const [committed, ends] = await Promise.all([
        client.fetchOffsets({ groupId: onBroker(groupId), topics }),
        Promise.all(topics.map(async (topic) => ({ topic, partitions: await client.fetchTopicOffsets(topic) }))),
      ]);
      const position = new Map(committed.flatMap(({ topic, partitions }) => partitions.map((p) => [`${topic}#${p.partition}`, Number(p.offset)] as const)));
      return ends.flatMap(({ topic, partitions }) =>
        partitions.map(({ partition, high, low }) => {
          // -1: the group has committed nothing on this partition yet; it starts at the oldest message
          const at = position.get(`${topic}#${partition}`) ?? -1;
          return { topic: logical(topic), partition, lag: Math.max(0, Number(high) - (at < 0 ? Number(low) : at)) };
        }),
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...subscriptions].map((subscription) => subscription.stop()));
      await Promise.allSettled([connectedProducer.disconnect(), connectedAdmin.disconnect()]);
    },
  };
}

/**
 * Moves a consumer group back to the oldest message of its topics, so it handles everything again
 * at its next start (a policy catching up from the beginning; its handler is idempotent). Kafka
 * refuses this while the group has members: stop the service first. Needs the topics' retention to
 * keep everything (KAFKA_RETENTION_MS=-1, the default for topics Candor creates).
 */
export async function resetConsumerGroup(
  options: Pick<KafkaBusOptions, 'brokers' | 'clientId' | 'namespace'>,
  groupId: string,
  topics: string[],
): Promise<void> {
  const prefix = options.namespace ? `${options.namespace}.` : '';
  const admin = new Kafka({ clientId: options.clientId, brokers: options.brokers, logLevel: logLevel.WARN }).admin();
  await admin.connect();
  try {
    // only topics that exist: a deployment may not have every service's topic yet
    const existing = new Set(await admin.listTopics());
    for (const topic of topics.map((name) => prefix + name).filter((name) => existing.has(name))) {
      await admin.resetOffsets({ groupId: prefix + groupId, topic, earliest: true });
    }
  } finally {
    await admin.disconnect();
  }
}
