// Sees, in process and without any extra query, the moment a job document is in the read model:
// it wraps the service's document store (runService's `observeDocuments`) and notes when Mongo
// acknowledged the projection's write of that document (`put`, or the bulk `insertNew`/`putMany`).
import type { Document, DocumentStore } from '@candor/runtime';
import { wallMs } from './stats';

export interface ReadModelObserver {
  wrap(documents: DocumentStore): DocumentStore;
  /** wall-clock ms at which the document was written (undefined: not within `timeoutMs`) */
  visible(id: string, timeoutMs: number): Promise<number | undefined>;
}

export function observePuts(collectionName: string): ReadModelObserver {
  const written = new Map<string, number>(); // written before anyone asked
  const awaited = new Map<string, (at: number) => void>();
  const noteWritten = (id: string) => {
    const at = wallMs();
    const wake = awaited.get(id);
    if (wake) wake(at);
    else if (!written.has(id)) written.set(id, at);
  };
  return {
    wrap: (documents) => ({
      collection<D extends Document>(name: string) {
        const collection = documents.collection<D>(name);
        if (name !== collectionName) return collection;
        return {
          ...collection,
          async put(doc: D) {
            await collection.put(doc);
            noteWritten(doc._id);
          },
          // the runner writes new documents in bulk: each counts once Mongo acknowledged the bulk write
          async insertNew(docs: D[]) {
            const taken = new Set(await collection.insertNew(docs));
            for (const doc of docs) if (!taken.has(doc._id)) noteWritten(doc._id);
            return [...taken];
          },
          async putMany(docs: D[]) {
            await collection.putMany(docs);
            for (const doc of docs) noteWritten(doc._id);
          },
        };
      },
      close: () => documents.close(),
    }),
    visible(id, timeoutMs) {
      const at = written.get(id);
      if (at !== undefined) {
        written.delete(id);
        return Promise.resolve(at);
      }
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          awaited.delete(id);
          resolve(undefined);
        }, timeoutMs);
        awaited.set(id, (seenAt) => {
          clearTimeout(timer);
          awaited.delete(id);
          resolve(seenAt);
        });
      });
    },
  };
}
