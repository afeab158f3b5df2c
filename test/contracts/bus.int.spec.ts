// The bus contract against both adapters: in-process always, Kafka on the real server when it is up.
import { createInProcessBus, createKafkaBus, type MessageBus } from '@candor/runtime/src/bus';
import { createLogger } from '@candor/runtime/src/logging';
import { busContract } from './bus.contract';
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
