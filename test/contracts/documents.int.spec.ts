// The document store contract against both adapters: memory always, Mongo on the real server when up.
import { createMemoryDocumentStore, type DocumentStore } from '@candor/runtime/src/documents';
import { createMongoDocumentStore } from '@candor/runtime/mongo';
import { documentStoreContract } from './documents.contract';
import { uniqueName } from './helpers';
import { describeWithMongo } from './infra';

// Kafka group joins and rebalances take seconds (jest's per-project testTimeout is not applied).
jest.setTimeout(60_000);

describe('memory document store', () => {
  const store = createMemoryDocumentStore();
  afterAll(() => store.close());
  documentStoreContract(() => store);
});

describeWithMongo('mongo document store', (url) => {
  let store: DocumentStore;
  beforeAll(() => {
    store = createMongoDocumentStore({ url: url(), database: uniqueName('contract').replace(/\./g, '_') });
  });
  afterAll(() => store.close());
  documentStoreContract(() => store);
});
