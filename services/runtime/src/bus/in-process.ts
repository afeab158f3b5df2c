// The in-process message bus: the embedded mode's stand-in for Kafka, with the same guarantees.
// Each topic is a set of append-only partition logs (a key always hashes to the same partition, so
// per-key order holds); each consumer group keeps its own cursor per partition and runs one delivery
// loop per partition, so partitions flow independently while one partition is strictly sequential.
// The cursor moves only after the handler resolved; a throwing handler gets the same message again
// after a short backoff (at-least-once). A `handleBatch` gets what is waiting on the partition, up to
// `maxBatchSize`, and the cursor moves past the whole batch once it resolved. Messages live as long as the bus: fine for one process.
import { createLogger, type Logger } from '../logging';
import type { DeliveredMessage, MessageBus, OutgoingMessage, SubscribeOptions, Subscription } from './types';

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
  /** delivery loops waiting for a new message */
  waiters: Set<() => void>;
}

interface Member {
  topics: Set<string>;
  handle: (message: DeliveredMessage) => Promise<void>;
  handleBatch?: (messages: DeliveredMessage[]) => Promise<void>;
  inFlight: Set<Promise<void>>;
}

interface Group {
  /** next offset to deliver, per `topic#partition` */
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

export function createInProcessBus(options: InProcessBusOptions = {}): MessageBus {
  const partitionCount = options.partitions ?? 3;
  const logger = options.logger ?? createLogger('bus', 'warn');
  const firstBackoff = options.retryBackoffMs ?? 25;
  const maxBatchSize = options.maxBatchSize ?? 256;
  const topics = new Map<string, Partition[]>();
  const groups = new Map<string, Group>();
  let closed = false;

  const topic = (name: string): Partition[] => {
    let partitions = topics.get(name);
    if (!partitions) {
      partitions = Array.from({ length: partitionCount }, () => ({ log: [], waiters: new Set<() => void>() }));
      topics.set(name, partitions);
    }
    return partitions;
  };

  const wake = (partition: Partition) => {
    const waiters = [...partition.waiters];
    partition.waiters.clear();
    for (const resolve of waiters) resolve();
  };
  const wakeAll = () => {
    for (const partitions of topics.values()) partitions.forEach(wake);
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

  async function deliveryLoop(group: Group, topicName: string, index: number): Promise<void> {
    const key = `${topicName}#${index}`;
    const partition = topic(topicName)[index]!;
    group.loops.add(key);
    let failures = 0;
    try {
      while (!closed) {
        const members = group.members.filter((member) => member.topics.has(topicName));
        // No member left: this loop ends; the next subscribe of the group starts a new one.
        if (members.length === 0) return;
        const offset = group.cursors.get(key) ?? 0;
        const message = partition.log[offset];
        if (!message) {
          await new Promise<void>((resolve) => partition.waiters.add(resolve));
          continue;
        }
        // Partitions are spread over the group's members, as Kafka's assignor does.
        const member = members[index % members.length]!;
        const batch = member.handleBatch ? partition.log.slice(offset, offset + maxBatchSize) : [message];
        try {
          await deliver(member, batch);
          group.cursors.set(key, offset + batch.length);
          failures = 0;
        } catch (error) {
          const delay = Math.min(firstBackoff * 2 ** failures, 1000);
          failures++;
          logger.warn(
            { err: error, topic: topicName, partition: index, offset, key: message.key, retryInMs: delay },
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
      const partitions = topic(topicName);
      const touched = new Set<Partition>();
      for (const message of messages) {
        const partition = partitions[partitionFor(message.key, partitionCount)]!;
        partition.log.push({ topic: topicName, key: message.key, value: message.value, headers: { ...message.headers } });
        touched.add(partition);
      }
      // Waking only resolves promises: the loops run later, so publish never waits for a handler.
      touched.forEach(wake);
    },

    async subscribe(subscription: SubscribeOptions): Promise<Subscription> {
      if (closed) throw new Error('the bus is closed');
      let group = groups.get(subscription.groupId);
      if (!group) {
        group = { cursors: new Map(), members: [], loops: new Set() };
        groups.set(subscription.groupId, group);
      }
      const member: Member = {
        topics: new Set(subscription.topics),
        handle: subscription.handle,
        handleBatch: subscription.handleBatch,
        inFlight: new Set(),
      };
      group.members.push(member);
      for (const name of subscription.topics) {
        topic(name).forEach((partition, index) => {
          const key = `${name}#${index}`;
          // A group without a position starts at the oldest message, or at the end when asked to.
          if (!group.cursors.has(key)) group.cursors.set(key, subscription.fromBeginning === false ? partition.log.length : 0);
          if (!group.loops.has(key)) void deliveryLoop(group, name, index);
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

    async lag(groupId, names) {
      const cursors = groups.get(groupId)?.cursors;
      return names.flatMap((name) =>
        topic(name).map((partition, index) => ({
          topic: name,
          partition: index,
          lag: partition.log.length - (cursors?.get(`${name}#${index}`) ?? 0),
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
