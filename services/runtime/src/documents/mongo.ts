// The MongoDB document store: read models in Mongo (or a Mongo-wire server such as FerretDB, so it
// keeps to plain CRUD: replaceOne with upsert, find with sort/skip/limit, countDocuments, deleteMany).
import {
  MongoBulkWriteError,
  MongoClient,
  type AnyBulkWriteOperation,
  type Collection,
  type Filter as MongoFilter,
  type Sort,
} from 'mongodb';
import { searchToMongo, sortWithTieBreaker } from './query';
import type { Document, DocumentCollection, DocumentStore, Filter, FindOptions } from './types';

export interface MongoDocumentStoreOptions {
  url: string;
  database: string;
}

/** Undefined filter values mean "no condition", as in the memory store. */
function toMongoFilter<D extends Document>(filter: Filter<D>): MongoFilter<D> {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as MongoFilter<D>;
}

/**
 * Replacements per bulk call. FerretDB v1 keeps one Postgres connection open for every update in a
 * bulk command that matched a document until the whole command ends; about 50 such updates in one
 * command exhaust its pool and wedge the server for good (seen here). Small chunks keep far below.
 */
const replacementsPerCall = 8;

const duplicateKey = 11000;

/** Indexes of the operations a bulk write refused as duplicate keys; rethrows any other failure. */
function duplicateIndexes(error: unknown): number[] {
  if (!(error instanceof MongoBulkWriteError)) throw error;
  const writeErrors = [error.writeErrors].flat();
  if (writeErrors.length === 0 || writeErrors.some((writeError) => writeError.code !== duplicateKey)) throw error;
  return writeErrors.map((writeError) => writeError.index);
}

function mongoCollection<D extends Document>(collection: Collection<D>): DocumentCollection<D> {
  const replaceOne = (doc: D): AnyBulkWriteOperation<D> => ({
    replaceOne: { filter: { _id: doc._id } as MongoFilter<D>, replacement: doc, upsert: true },
  });
  return {
    async get(id) {
      return (await collection.findOne({ _id: id } as MongoFilter<D>)) as D | null;
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      return (await collection.find({ _id: { $in: ids } } as MongoFilter<D>).toArray()) as D[];
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
    async insertNew(docs) {
      if (docs.length === 0) return [];
      try {
        // unordered: one taken _id does not stop the inserts after it
        await collection.insertMany(docs as unknown as Parameters<typeof collection.insertMany>[0], { ordered: false });
        return [];
      } catch (error) {
        return duplicateIndexes(error).map((index) => docs[index]!._id);
      }
    },
    async putMany(docs) {
      for (let start = 0; start < docs.length; start += replacementsPerCall) {
        const chunk = docs.slice(start, start + replacementsPerCall);
        try {
          await collection.bulkWrite(chunk.map(replaceOne), { ordered: false });
        } catch (error) {
          // lost upsert races (see put): the documents exist now, so replacing them again succeeds
          const lost = duplicateIndexes(error).map((index) => chunk[index]!);
          if (lost.length > 0) await collection.bulkWrite(lost.map(replaceOne), { ordered: false });
        }
      }
    },
    async find(filter, options: FindOptions<D> = {}) {
      const sort: Sort = sortWithTieBreaker(options.sort);
      let cursor = collection
        .find({ ...toMongoFilter(filter), ...searchToMongo(options.search) } as MongoFilter<D>)
        .sort(sort);
      if (options.skip) cursor = cursor.skip(options.skip);
      if (options.limit) cursor = cursor.limit(options.limit);
      return (await cursor.toArray()) as D[];
    },
    async count(filter, options = {}) {
      return collection.countDocuments({
        ...toMongoFilter(filter),
        ...searchToMongo(options.search),
      } as MongoFilter<D>);
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
