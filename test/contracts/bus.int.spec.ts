// The bus contract against both adapters: in-process always, Kafka on the real server when it is up.
import { createInProcessBus, type MessageBus } from '@candor/runtime/src/bus';
import { createKafkaBus } from '@candor/runtime/kafka';
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
