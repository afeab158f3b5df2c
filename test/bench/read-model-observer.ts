// Sees, in process and without any extra query, the moment a job document is in the read model:
// it wraps the service's document store (runService's `observeDocuments`) and notes when Mongo
// acknowledged the projection's write of that document (`put`, or the bulk `insertNew`/`putMany`).
// When the projection runs in another process (BENCH_PIPELINE_SPLIT), that process wraps its store
// and passes each write on (`onWritten`), and the bench's observer learns of it through `note`.
import type { Document, DocumentStore } from '@candor/runtime';
import { wallMs } from './stats';

export interface ReadModelObserver {
  wrap(documents: DocumentStore): DocumentStore;
  /** wall-clock ms at which the document was written (undefined: not within `timeoutMs`) */
  visible(id: string, timeoutMs: number): Promise<number | undefined>;
  /** a write seen elsewhere (the consumers process), at that wall-clock ms */
  note(id: string, at: number, startedAt?: number): void;
  /** when the projection began the write that made it visible (once per id; undefined if unknown) */
  writeStartedAt(id: string): number | undefined;
}

export function observePuts(
  collectionName: string,
  onWritten?: (id: string, at: number, startedAt: number) => void,
): ReadModelObserver {
  const written = new Map<string, number>(); // written before anyone asked
  const awaited = new Map<string, (at: number) => void>();
  // the write's start: Kafka delivery and the batch's tombstone read lie before it, Mongo after
  const started = new Map<string, number>();
  const noteWritten = (id: string, at = wallMs(), startedAt = at) => {
    onWritten?.(id, at, startedAt);
    started.set(id, startedAt);
    const wake = awaited.get(id);
    if (wake) wake(at);
    else if (!written.has(id)) written.set(id, at);
  };
  return {
    note: noteWritten,
    writeStartedAt(id) {
      const at = started.get(id);
      started.delete(id);
      return at;
    },
    wrap: (documents) => ({
      collection<D extends Document>(name: string) {
        const collection = documents.collection<D>(name);
        if (name !== collectionName) return collection;
        return {
          ...collection,
          async put(doc: D) {
            const began = wallMs();
            await collection.put(doc);
            noteWritten(doc._id, wallMs(), began);
          },
          // the runner writes new documents in bulk: each counts once Mongo acknowledged the bulk write
          async insertNew(docs: D[]) {
            const began = wallMs();
            const taken = new Set(await collection.insertNew(docs));
            const at = wallMs();
            for (const doc of docs) if (!taken.has(doc._id)) noteWritten(doc._id, at, began);
            return [...taken];
          },
          async putMany(docs: D[]) {
            const began = wallMs();
            await collection.putMany(docs);
            const at = wallMs();
            for (const doc of docs) noteWritten(doc._id, at, began);
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
