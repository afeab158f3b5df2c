// Baseline 2: what the same broker does with kafkajs alone — produce one message (acks from all
// in-sync replicas, as the bus asks) and consume it in a consumer group, per operation, from the
// same number of concurrent clients, on a fresh topic with the bus's partition count, with messages
// the size of one event envelope. A client sends its next message once its last one was consumed.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { closedLoop, measurementWindow, summarise, wallMs, type LatencySummary } from './stats';
import type { BenchServers, LoadShape } from './pipeline';

export const kafkaPartitions = 3; // the bus's default for the topics it creates

export interface KafkaBaselineResult {
  messages: number;
  messagesPerSecond: number;
  produceMs: LatencySummary;
  produceToConsumeMs: LatencySummary;
  messageBytes: number;
}

export async function benchKafka(
  servers: BenchServers,
  load: LoadShape,
  envelope: string,
): Promise<KafkaBaselineResult> {
  const suffix = randomBytes(4).toString('hex');
  const topic = `candor.bench_${suffix}.baseline`;
  const groupId = `bench_${suffix}.baseline`;
  const kafka = new Kafka({ clientId: 'candor-bench', brokers: servers.kafkaBrokers, logLevel: logLevel.WARN });
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId });
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: kafkaPartitions }] });
    const consumed = new Map<string, () => void>();
    await Promise.all([producer.connect(), consumer.connect()]);
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      partitionsConsumedConcurrently: kafkaPartitions,
      eachMessage: async ({ message }) => consumed.get(message.key!.toString())?.(),
    });
    await joined;

    const produceLatencies: number[] = [];
    const endToEnd: number[] = [];
    let messages = 0;
    let sequence = 0;
    const window = measurementWindow(load);
    await closedLoop(load.concurrency, window, async () => {
      const key = `stream-${suffix}-${sequence++}`;
      const seen = new Promise<void>((resolve) => consumed.set(key, resolve));
      const t0 = wallMs();
      await producer.send({
        topic,
        acks: -1,
        messages: [{ key, value: envelope, headers: { 'event-type': 'invite.JobCreated.v1' } }],
      });
      const tAck = wallMs();
      await seen;
      consumed.delete(key);
      const t1 = wallMs();
      if (window.has(t0)) {
        produceLatencies.push(tAck - t0);
        endToEnd.push(t1 - t0);
      }
      if (window.has(t1)) messages += 1;
    });
    return {
      messages,
      messagesPerSecond: Math.round(messages / (load.durationMs / 1000)),
      produceMs: summarise(produceLatencies),
      produceToConsumeMs: summarise(endToEnd),
      messageBytes: Buffer.byteLength(envelope),
    };
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}
