// The memory document store: read models for the embedded mode and for tests, rebuilt from the event
// store on boot. It copies documents in and out, so no caller can change a stored document in place,
// and it queries with the same semantics as the Mongo adapter (see query.ts).
import { compareBy, copyDocument, matches, sortWithTieBreaker } from './query';
import type { Document, DocumentCollection, DocumentStore, Filter, FindOptions } from './types';

function memoryCollection<D extends Document>(docs: Map<string, D>): DocumentCollection<D> {
  return {
    async get(id) {
      const doc = docs.get(id);
      return doc ? copyDocument(doc) : null;
    },
    async getMany(ids) {
      return ids.flatMap((id) => {
        const doc = docs.get(id);
        return doc ? [copyDocument(doc)] : [];
      });
    },
    async put(doc) {
      docs.set(doc._id, copyDocument(doc));
    },
    async delete(id) {
      docs.delete(id);
    },
    async insertNew(batch) {
      const taken: string[] = [];
      for (const doc of batch) {
        if (docs.has(doc._id)) taken.push(doc._id);
        else docs.set(doc._id, copyDocument(doc));
      }
      return taken;
    },
    async putMany(batch) {
      for (const doc of batch) docs.set(doc._id, copyDocument(doc));
    },
    async find(filter: Filter<D>, options: FindOptions<D> = {}) {
      const found = [...docs.values()].filter((doc) => matches(doc, filter, options.search));
      found.sort(compareBy<D>(sortWithTieBreaker(options.sort)));
      const skip = options.skip ?? 0;
      // limit 0 means "no limit", as in MongoDB
      const end = options.limit ? skip + options.limit : undefined;
      return found.slice(skip, end).map(copyDocument);
    },
    async count(filter, options = {}) {
      let count = 0;
      for (const doc of docs.values()) if (matches(doc, filter, options.search)) count++;
      return count;
    },
    async clear() {
      docs.clear();
    },
  };
}

export function createMemoryDocumentStore(): DocumentStore {
  const collections = new Map<string, Map<string, Document>>();
  return {
    collection<D extends Document>(name: string) {
      let docs = collections.get(name);
      if (!docs) collections.set(name, (docs = new Map()));
      return memoryCollection(docs as Map<string, D>);
    },
    async close() {},
  };
}
