// The bus contract against both adapters: in-process always, Kafka on the real server when it is up.
import { createInProcessBus, type MessageBus } from '@candor/runtime/src/bus';
import { createKafkaBus } from '@candor/runtime/kafka';
import { ConfigResourceTypes, Kafka } from 'kafkajs';
import { createLogger } from '@candor/runtime/src/logging';
import { busContract } from './bus.contract';
import { uniqueName, waitUntil } from './helpers';
import { describeWithKafka } from './infra';

// Kafka group joins and rebalances take seconds (jest's per-project testTimeout is not applied).
jest.setTimeout(60_000);

describe('in-process bus', () => {
  let bus: MessageBus;
  beforeAll(() => {
    bus = createInProcessBus({ partitions: 3, logger: createLogger('test', 'silent'), retryBackoffMs: 5 });
  });
  afterAll(() => bus.close());
  busContract(() => bus);
});

const lagOf = async (bus: MessageBus, groupId: string, topic: string) => (await bus.lag(groupId, [topic])).reduce((sum, partition) => sum + partition.lag, 0);

describe('in-process bus memory', () => {
  let bus: MessageBus;
  beforeEach(() => {
    bus = createInProcessBus({ partitions: 3, logger: createLogger('test', 'silent') });
  });
  afterEach(() => bus.close());
  const count = (groupId: string, topic: string, handled: string[]) =>
    bus.subscribe({ groupId, topics: [topic], handle: async (m) => void handled.push(m.value) });
  const messages = Array.from({ length: 600 }, (_, i) => ({ key: `k${i % 11}`, value: `m${i}` }));

  test('keeps what a slow group has not handled, and drops what every group has', async () => {
    await bus.ensureTopics(['memory']);
    const fast: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow: string[] = [];
    await count('fast', 'memory', fast);
    await bus.subscribe({ groupId: 'slow', topics: ['memory'], handle: async (m) => void (await released, slow.push(m.value)) });
    await bus.publish('memory', messages);
    await waitUntil('the fast group handled all', () => fast.length === 600);
    expect((await lagOf(bus, 'fast', 'memory'))).toBe(0);
    expect((await lagOf(bus, 'slow', 'memory'))).toBeGreaterThan(590);
    // the slow group still needs them all: a newcomer reading from the beginning sees every one
    const early: string[] = [];
    await count('early-newcomer', 'memory', early);
    await waitUntil('the early newcomer got 600', () => early.length === 600);

    release();
    await waitUntil('the slow group handled all', () => slow.length === 600);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // every group has handled them: gone, as past Kafka's retention
    const late: string[] = [];
    await count('late-newcomer', 'memory', late);
    await bus.publish('memory', [{ key: 'k', value: 'after' }]);
    await waitUntil('the late newcomer got the new one', () => late.length >= 1);
    expect(late).toEqual(['after']);
    expect((await lagOf(bus, 'slow', 'memory'))).toBe(0);
  });
});

describeWithKafka('kafka topic settings', (brokers) => {
  test('topics are created with the configured partitions, replication, min.insync.replicas and retention', async () => {
    const namespace = uniqueName('settings').replace(/\./g, '-');
    const bus = createKafkaBus({
      brokers: brokers(),
      clientId: 'candor-contract',
      namespace,
      logger: createLogger('test', 'silent'),
      topicConfig: { partitions: 2, replicationFactor: 1, minInsyncReplicas: 1, retentionMs: 7 * 24 * 3600_000 },
    });
    const admin = new Kafka({ brokers: brokers(), clientId: 'candor-contract-admin', logLevel: 0 }).admin();
    try {
      await bus.ensureTopics(['candor.settings.events', 'dead-letters.policy.settings']);
      await admin.connect();
      const { topics } = await admin.fetchTopicMetadata({ topics: [`${namespace}.candor.settings.events`, `${namespace}.dead-letters.policy.settings`] });
      expect(topics.map((topic) => [topic.name, topic.partitions.length, topic.partitions[0]!.replicas.length]).sort()).toEqual([
        [`${namespace}.candor.settings.events`, 2, 1],
        [`${namespace}.dead-letters.policy.settings`, 1, 1],
      ]);
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: `${namespace}.candor.settings.events`, configNames: ['retention.ms', 'min.insync.replicas'] }],
      });
      const entries = Object.fromEntries(described.resources[0]!.configEntries.map((entry) => [entry.configName, entry.configValue]));
      expect(entries).toEqual({ 'retention.ms': String(7 * 24 * 3600_000), 'min.insync.replicas': '1' });
    } finally {
      await admin.disconnect();
      await bus.close();
    }
  });
});

describeWithKafka('kafka bus', (brokers) => {
  let bus: MessageBus;
  beforeAll(() => {
    bus = createKafkaBus({ brokers: brokers(), clientId: 'candor-contract', logger: createLogger('test', 'silent'), retryBackoffMs: 50 });
  });
  afterAll(() => bus.close());
  busContract(() => bus);
});

describeWithKafka('kafka bus namespaces', (brokers) => {
  const logger = createLogger('test', 'silent');
  const buses: MessageBus[] = [];
  const busIn = (namespace: string) => {
    const bus = createKafkaBus({ brokers: brokers(), clientId: 'candor-contract', namespace, logger });
    buses.push(bus);
    return bus;
  };
  afterAll(() => Promise.all(buses.map((bus) => bus.close())));

  test('two namespaces share a broker without seeing each other, under the same logical names', async () => {
    const [first, second] = [busIn(uniqueName('ns-a').replace(/\./g, '-')), busIn(uniqueName('ns-b').replace(/\./g, '-'))];
    const topic = uniqueName('contract.namespaced');
    const seen: { bus: string; topic: string; value: string }[] = [];
    for (const [name, bus] of [['first', first], ['second', second]] as const) {
      await bus.ensureTopics([topic]);
      await bus.subscribe({
        groupId: 'same-group',
        topics: [topic],
        handle: async (message) => {
          seen.push({ bus: name, topic: message.topic, value: message.value });
        },
      });
    }
    await first.publish(topic, [{ key: 'k', value: 'only for the first' }]);
    await second.publish(topic, [{ key: 'k', value: 'only for the second' }]);
    await waitUntil('both messages delivered', () => seen.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 500)); // room for a wrong extra delivery
    expect(seen.sort((a, b) => a.bus.localeCompare(b.bus))).toEqual([
      { bus: 'first', topic, value: 'only for the first' },
      { bus: 'second', topic, value: 'only for the second' },
    ]);
  });
});
