// Per-stream checkpoints of one projection, for read-your-writes: `waitFor(stream, position)` answers
// as soon as the projection has handled that stream up to that position. This process's own applies
// wake waiters at once; the shared collection is polled because another replica may do the work.
import type { DocumentStore } from '../documents/types';

export const checkpointCollection = 'projection_checkpoints';
const pollIntervalMs = 25;

export interface Checkpoint {
  _id: string;
  projection: string;
  streamId: string;
  position: number;
}

export function createCheckpoints(projection: string, documents: DocumentStore) {
  const collection = documents.collection<Checkpoint>(checkpointCollection);
  const reached = new Map<string, number>();
  const waiters = new Map<string, Set<() => void>>();
  const idOf = (streamId: string) => `${projection}:${streamId}`;

  const notify = (streamId: string) => {
    const waiting = waiters.get(streamId);
    waiters.delete(streamId);
    waiting?.forEach((wake) => wake());
  };
  const learn = (streamId: string, position: number) => {
    if ((reached.get(streamId) ?? 0) >= position) return;
    reached.set(streamId, position);
    notify(streamId);
  };

  return {
    /** Moves the stream's checkpoint forward (never back: a redelivered old event changes nothing). */
    async record(streamId: string, position: number): Promise<void> {
      if ((reached.get(streamId) ?? 0) >= position) return;
      const stored = await collection.get(idOf(streamId));
      if (!stored || stored.position < position) {
        await collection.put({ _id: idOf(streamId), projection, streamId, position });
      }
      learn(streamId, Math.max(position, stored?.position ?? 0));
    },

    async waitFor(streamId: string, position: number, timeoutMs: number): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      while (true) {
        if ((reached.get(streamId) ?? 0) >= position) return true;
        const stored = await collection.get(idOf(streamId));
        if (stored) learn(streamId, stored.position);
        if (stored && stored.position >= position) return true;
        const left = deadline - Date.now();
        if (left <= 0) return false;
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            waiters.get(streamId)?.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, Math.min(pollIntervalMs, left));
          let waiting = waiters.get(streamId);
          if (!waiting) waiters.set(streamId, (waiting = new Set()));
          waiting.add(wake);
        });
      }
    },

    /** Forgets every checkpoint of this projection (before a rebuild). */
    async clear(): Promise<void> {
      reached.clear();
      const stored = await collection.find({ projection });
      for (const checkpoint of stored) await collection.delete(checkpoint._id);
    },
  };
}
