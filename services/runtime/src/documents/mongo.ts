// The MongoDB document store: read models in Mongo (or a Mongo-wire server such as FerretDB, so it
// keeps to plain CRUD: replaceOne with upsert, find with sort/skip/limit, countDocuments, deleteMany).
import { MongoClient, type Collection, type Filter as MongoFilter, type Sort } from 'mongodb';
import { sortWithTieBreaker } from './query';
import type { Document, DocumentCollection, DocumentStore, Filter, FindOptions } from './types';

export interface MongoDocumentStoreOptions {
  url: string;
  database: string;
}

/** Undefined filter values mean "no condition", as in the memory store. */
function toMongoFilter<D extends Document>(filter: Filter<D>): MongoFilter<D> {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as MongoFilter<D>;
}

function mongoCollection<D extends Document>(collection: Collection<D>): DocumentCollection<D> {
  return {
    async get(id) {
      return (await collection.findOne({ _id: id } as MongoFilter<D>)) as D | null;
    },
    async put(doc) {
      const upsert = () => collection.replaceOne({ _id: doc._id } as MongoFilter<D>, doc, { upsert: true });
      try {
        await upsert();
      } catch (error) {
        // Two upserts of a new _id can race: the loser gets E11000, and now the document exists.
        if ((error as { code?: unknown }).code !== 11000) throw error;
        await upsert();
      }
    },
    async delete(id) {
      await collection.deleteOne({ _id: id } as MongoFilter<D>);
    },
    async find(filter, options: FindOptions<D> = {}) {
      const sort: Sort = sortWithTieBreaker(options.sort);
      let cursor = collection.find(toMongoFilter(filter)).sort(sort);
      if (options.skip) cursor = cursor.skip(options.skip);
      if (options.limit) cursor = cursor.limit(options.limit);
      return (await cursor.toArray()) as D[];
    },
    async count(filter) {
      return collection.countDocuments(toMongoFilter(filter));
    },
    async clear() {
      await collection.deleteMany({});
    },
  };
}

export function createMongoDocumentStore(options: MongoDocumentStoreOptions): DocumentStore {
  // ignoreUndefined: an undefined property is left out, never stored as null (the memory store agrees)
  const client = new MongoClient(options.url, { ignoreUndefined: true });
  const db = client.db(options.database);
  return {
    collection<D extends Document>(name: string) {
      return mongoCollection(db.collection<D>(name));
    },
    async close() {
      await client.close();
    },
  };
}
