// The projection runner on every pair of bus and document store: in-process + memory always, the
// real servers (Kafka, a Mongo-compatible server) when they are up.
import { createInProcessBus, type MessageBus } from '@candor/runtime/src/bus';
import { createKafkaBus } from '@candor/runtime/kafka';
import { createMemoryDocumentStore, type DocumentStore } from '@candor/runtime/src/documents';
import { createMongoDocumentStore } from '@candor/runtime/mongo';
import { createLogger } from '@candor/runtime/src/logging';
import { uniqueName } from './helpers';
import { describeWithKafka, describeWithMongo } from './infra';
import { projectionRunnerContract } from './projections.contract';

// Kafka group joins and rebalances take seconds (jest's per-project testTimeout is not applied).
jest.setTimeout(60_000);

const logger = createLogger('test', 'silent');
const buses: [string, (servers: () => string[]) => MessageBus, typeof describeWithKafka][] = [
  ['in-process bus', () => createInProcessBus({ logger, retryBackoffMs: 5 }), (title, body) => describe(title, () => body(() => []))],
  ['kafka bus', (brokers) => createKafkaBus({ brokers: brokers(), clientId: 'candor-contract', logger, retryBackoffMs: 50 }), describeWithKafka],
];
const stores: [string, (url: () => string) => DocumentStore, typeof describeWithMongo][] = [
  ['memory documents', () => createMemoryDocumentStore(), (title, body) => describe(title, () => body(() => ''))],
  ['mongo documents', (url) => createMongoDocumentStore({ url: url(), database: uniqueName('projections').replace(/\./g, '_') }), describeWithMongo],
];

for (const [busName, makeBus, describeBus] of buses) {
  for (const [storeName, makeStore, describeStore] of stores) {
    describeBus(`projection runner on ${busName}`, (brokers) => {
      describeStore(`with ${storeName}`, (url) => {
        let bus: MessageBus;
        let documents: DocumentStore;
        beforeAll(() => {
          bus = makeBus(brokers);
          documents = makeStore(url);
        });
        afterAll(async () => {
          await bus.close();
          await documents.close();
        });
        projectionRunnerContract(() => bus, () => documents);
      });
    });
  }
}
