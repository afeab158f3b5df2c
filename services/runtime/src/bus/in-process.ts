// The in-process message bus: the embedded mode's stand-in for Kafka, with the same guarantees.
// Each topic is a set of append-only partition logs (a key always hashes to the same partition, so
// per-key order holds); each consumer group keeps its own cursor per partition and runs one delivery
// loop per partition, so partitions flow independently while one partition is strictly sequential.
// The cursor moves only after the handler resolved; a throwing handler gets the same message again
// after a short backoff (at-least-once). A `handleBatch` gets what is waiting on the partition, up to
// `maxBatchSize`, and the cursor moves past the whole batch once it resolved.
//
// Bounded memory: a partition's log is trimmed up to the slowest cursor of the groups that read the
// topic, so a long-running process holds only what some group has not handled yet (offsets stay
// absolute: `base` is the offset of the log's first message). A topic nobody has read yet keeps
// everything; a group that joins later starts at the oldest message still held, as with Kafka's
// retention. Dead-letter topics are kept whole (they are small, and replays read them).
//
// Poison messages (`deadLetter`): after `maxAttempts` failed deliveries the message is appended to
// the group's dead-letter topic (in memory: this bus's dead-letter store) and the cursor moves on.
import { createLogger, type Logger } from '../logging';
import { deadLetterTopic, describeError, isDeadLetterTopic, isForAnotherGroup, isUnprocessable, toDeadLetter, toRedelivery } from './dead-letters';
import type { DeadLetterOptions, DeliveredMessage, MessageBus, OutgoingMessage, SubscribeOptions, Subscription } from './types';

export interface InProcessBusOptions {
  /** partitions per topic (default 3, as the Kafka adapter) */
  partitions?: number;
  logger?: Logger;
  /** first retry delay after a handler threw; doubles up to 1 s (default 25 ms) */
  retryBackoffMs?: number;
  /** most messages per `handleBatch` call (default 256) */
  maxBatchSize?: number;
}

interface Partition {
  log: DeliveredMessage[];
  /** absolute offset of log[0]: what was trimmed before it */
  base: number;
  /** delivery loops waiting for a new message */
  waiters: Set<() => void>;
}

interface Member {
  topics: Set<string>;
  handle: (message: DeliveredMessage) => Promise<void>;
  handleBatch?: (messages: DeliveredMessage[]) => Promise<void>;
  deadLetter?: DeadLetterOptions;
  inFlight: Set<Promise<void>>;
}

interface Group {
  /** next (absolute) offset to deliver, per `topic#partition` */
  cursors: Map<string, number>;
  members: Member[];
  /** `topic#partition` of the delivery loops currently running */
  loops: Set<string>;
}

/** FNV-1a: cheap, stable across runs, spreads short keys well. */
export function partitionFor(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}

/** Trimming a few messages at a time would make every delivery pay for an array shift. */
const trimChunk = 256;

export function createInProcessBus(options: InProcessBusOptions = {}): MessageBus {
  const partitionCount = options.partitions ?? 3;
  const logger = options.logger ?? createLogger('bus', 'warn');
  const firstBackoff = options.retryBackoffMs ?? 25;
  const maxBatchSize = options.maxBatchSize ?? 256;
  const topics = new Map<string, Partition[]>();
  const groups = new Map<string, Group>();
  /** how far each group's dead letters have been replayed (one partition per dead-letter topic) */
  const replayed = new Map<string, number>();
  let closed = false;

  const topic = (name: string): Partition[] => {
    let partitions = topics.get(name);
    if (!partitions) {
      const count = isDeadLetterTopic(name) ? 1 : partitionCount;
      partitions = Array.from({ length: count }, () => ({ log: [], base: 0, waiters: new Set<() => void>() }));
      topics.set(name, partitions);
    }
    return partitions;
  };
  const end = (partition: Partition) => partition.base + partition.log.length;
  const at = (partition: Partition, offset: number) => partition.log[offset - partition.base];

  const wake = (partition: Partition) => {
    const waiters = [...partition.waiters];
    partition.waiters.clear();
    for (const resolve of waiters) resolve();
  };
  const wakeAll = () => {
    for (const partitions of topics.values()) partitions.forEach(wake);
  };

  const append = (topicName: string, messages: OutgoingMessage[]) => {
    const partitions = topic(topicName);
    const touched = new Set<Partition>();
    for (const message of messages) {
      const partition = partitions[partitionFor(message.key, partitions.length)]!;
      partition.log.push({ topic: topicName, key: message.key, value: message.value, headers: { ...message.headers } });
      touched.add(partition);
    }
    // Waking only resolves promises: the loops run later, so publish never waits for a handler.
    touched.forEach(wake);
  };

  /** Drops what every group reading this partition has handled. */
  const trim = (topicName: string, index: number) => {
    if (isDeadLetterTopic(topicName)) return;
    const key = `${topicName}#${index}`;
    let slowest = Infinity;
    for (const group of groups.values()) {
      const cursor = group.cursors.get(key);
      if (cursor !== undefined) slowest = Math.min(slowest, cursor);
    }
    const partition = topic(topicName)[index]!;
    const handled = slowest - partition.base;
    if (slowest === Infinity || handled <= 0) return;
    if (handled === partition.log.length) partition.log = [];
    else if (handled >= trimChunk) partition.log.splice(0, handled);
    else return;
    partition.base = slowest;
  };

  const deliver = (member: Member, messages: DeliveredMessage[]): Promise<void> => {
    // copies, so a handler cannot change what other groups receive
    const copies = messages.map((message) => ({ ...message, headers: { ...message.headers } }));
    const run = member.handleBatch ? member.handleBatch(copies) : member.handle(copies[0]!);
    member.inFlight.add(run);
    const settle = () => void member.inFlight.delete(run);
    run.then(settle, settle);
    return run;
  };

  async function deliveryLoop(groupId: string, group: Group, topicName: string, index: number): Promise<void> {
    const key = `${topicName}#${index}`;
    const partition = topic(topicName)[index]!;
    group.loops.add(key);
    let failures = 0;
    // after a batch failed, its messages go one at a time up to here, so only a poison one is parked
    let singlyUntil = 0;
    const moveTo = (offset: number) => {
      group.cursors.set(key, offset);
      failures = 0;
      trim(topicName, index);
    };
    try {
      while (!closed) {
        const members = group.members.filter((member) => member.topics.has(topicName));
        // No member left: this loop ends; the next subscribe of the group starts a new one.
        if (members.length === 0) return;
        const offset = Math.max(group.cursors.get(key) ?? 0, partition.base);
        const message = at(partition, offset);
        if (!message) {
          await new Promise<void>((resolve) => partition.waiters.add(resolve));
          continue;
        }
        if (isForAnotherGroup(message, groupId)) {
          moveTo(offset + 1);
          continue;
        }
        // Partitions are spread over the group's members, as Kafka's assignor does.
        const member = members[index % members.length]!;
        let batch = [message];
        if (member.handleBatch && offset >= singlyUntil) {
          batch = partition.log.slice(offset - partition.base, offset - partition.base + maxBatchSize);
          const foreign = batch.findIndex((candidate) => isForAnotherGroup(candidate, groupId));
          if (foreign > 0) batch = batch.slice(0, foreign);
        }
        try {
          await deliver(member, batch);
          moveTo(offset + batch.length);
        } catch (error) {
          failures++;
          const deadLetter = member.deadLetter;
          if (deadLetter && batch.length > 1) {
            singlyUntil = offset + batch.length;
            failures = 0;
            continue;
          }
          if (deadLetter && (failures >= deadLetter.maxAttempts || isUnprocessable(error))) {
            const parked = {
              groupId,
              message,
              error: describeError(error),
              partition: index,
              offset: String(offset),
              attempts: failures,
              parkedAt: new Date().toISOString(),
            };
            append(deadLetterTopic(groupId), [toDeadLetter(parked)]);
            logger.error(
              { err: error, groupId, topic: topicName, partition: index, offset, key: message.key, attempts: failures },
              'bus handler kept failing; the message is parked in the dead-letter topic and the partition moves on',
            );
            moveTo(offset + 1);
            try {
              deadLetter.onParked?.(parked);
            } catch {
              // an observer must not stop the partition
            }
            continue;
          }
          const delay = Math.min(firstBackoff * 2 ** (failures - 1), 1000);
          logger.warn(
            { err: error, groupId, topic: topicName, partition: index, offset, key: message.key, attempt: failures, retryInMs: delay },
            'bus handler failed; the message will be delivered again',
          );
          await new Promise((resolve) => setTimeout(resolve, delay).unref());
        }
      }
    } finally {
      group.loops.delete(key);
    }
  }

  return {
    async ensureTopics(names) {
      names.forEach(topic);
    },

    async publish(topicName, messages: OutgoingMessage[]) {
      if (closed) throw new Error('the bus is closed');
      append(topicName, messages);
    },

    async subscribe(subscription: SubscribeOptions): Promise<Subscription> {
      if (closed) throw new Error('the bus is closed');
      const groupId = subscription.groupId;
      let group = groups.get(groupId);
      if (!group) {
        group = { cursors: new Map(), members: [], loops: new Set() };
        groups.set(groupId, group);
      }
      const member: Member = {
        topics: new Set(subscription.topics),
        handle: subscription.handle,
        handleBatch: subscription.handleBatch,
        deadLetter: subscription.deadLetter,
        inFlight: new Set(),
      };
      group.members.push(member);
      for (const name of subscription.topics) {
        topic(name).forEach((partition, index) => {
          const key = `${name}#${index}`;
          // A group without a position starts at the oldest message held, or at the end when asked to.
          if (!group.cursors.has(key)) group.cursors.set(key, subscription.fromBeginning === false ? end(partition) : partition.base);
          if (!group.loops.has(key)) void deliveryLoop(groupId, group, name, index);
        });
      }
      let stopped = false;
      return {
        async stop() {
          if (stopped) return;
          stopped = true;
          group.members = group.members.filter((other) => other !== member);
          wakeAll(); // loops re-check their members: reassign or end
          await Promise.allSettled([...member.inFlight]);
        },
      };
    },

    async replayDeadLetters(groupId) {
      if (closed) throw new Error('the bus is closed');
      const [parked] = topic(deadLetterTopic(groupId));
      const from = replayed.get(groupId) ?? 0;
      const letters = parked!.log.slice(from);
      replayed.set(groupId, from + letters.length);
      for (const letter of letters) {
        const redelivery = toRedelivery(letter);
        if (redelivery) append(redelivery.topic, [redelivery.message]);
      }
      return letters.length;
    },

    // in this process: there is no broker to lose
    reachable: async () => {},
    async lag(groupId, names) {
      // absolute offsets: the log may have been trimmed below the cursor
      const cursors = groups.get(groupId)?.cursors;
      return names.flatMap((name) =>
        topic(name).map((partition, index) => ({
          topic: name,
          partition: index,
          lag: Math.max(0, end(partition) - (cursors?.get(`${name}#${index}`) ?? partition.base)),
        })),
      );
    },

    async close() {
      if (closed) return;
      closed = true;
      const inFlight = [...groups.values()].flatMap((group) => group.members.flatMap((member) => [...member.inFlight]));
      for (const group of groups.values()) group.members = [];
      wakeAll();
      await Promise.allSettled(inFlight);
    },
  };
}
