// Applies a run of events to a projection's documents: reads each touched document once (its
// tombstone only when it is missing), folds its events in order — skipping those its `_applied`
// markers already cover — and writes the results back in bulk: new documents in one insert, changed
// ones in few replace calls. The markers travel in the same write as the document, so an event and
// its marker still land together, and the persisted markers stay the only source of idempotency.
// A document whose events start a stream (version 1) is most likely new: it is not read first (a
// read by id is a full scan in FerretDB v1) but inserted, once one read for the whole batch found no
// tombstone for it; if the insert finds the id taken — a redelivery, or a document another stream
// created — the events are folded again on what is stored.
import type { RecordedEvent } from '@candor/contracts';
import type { Document, DocumentCollection } from '../documents/types';
import type { AcquireLocks } from './keyed-locks';
import {
  appliedVersion,
  withAppliedVersion,
  withoutRunnerFields,
  type AppliedVersion,
  type StoredDocument,
  type Tombstone,
} from './runner-fields';
import type { Projection } from './types';

/** Documents read at the same time per call: enough to overlap round trips, few enough for FerretDB's pool. */
const readConcurrency = 8;

interface Writes<D extends Document, E> {
  /** documents assumed new without reading them, with the events that made them */
  guessedNew: { doc: StoredDocument<D>; events: E[] }[];
  inserts: StoredDocument<D>[];
  replacements: StoredDocument<D>[];
  tombstones: Tombstone[];
  deletions: string[];
}

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export function createDocumentApplier<D extends Document, E extends RecordedEvent>(options: {
  projection: Projection<D, E>;
  docs: DocumentCollection<StoredDocument<D>>;
  tombstones: DocumentCollection<Tombstone>;
  locks: AcquireLocks;
}) {
  const { projection, docs, tombstones, locks } = options;

  const noWrites = (): Writes<D, E> => ({ guessedNew: [], inserts: [], replacements: [], tombstones: [], deletions: [] });

  /**
   * Folds one document's events onto what is stored and notes the write it needs, if any.
   * `mayGuess`: the ids known to have no tombstone (read for the whole batch at once), which may be
   * inserted without a read when their events start a stream.
   */
  async function fold(id: string, events: E[], writes: Writes<D, E>, mayGuess: ReadonlySet<string>): Promise<void> {
    const guess = mayGuess.has(id) && events[0]!.streamVersion === 1;
    const stored = guess ? null : await docs.get(id);
    const tombstone = stored || guess ? null : await tombstones.get(id);
    let applied: AppliedVersion[] | undefined = (stored ?? tombstone)?._applied;
    let current: D | null = stored ? withoutRunnerFields(stored) : null;
    // a document that existed at any point must leave a tombstone when it ends up deleted
    let existed = stored !== null || tombstone !== null;
    let changed = false;
    for (const event of events) {
      if (appliedVersion(applied, event.streamId) >= event.streamVersion) continue; // a redelivery
      current = projection.evolve(current, event);
      applied = withAppliedVersion(applied, event.streamId, event.streamVersion);
      existed ||= current !== null;
      changed = true;
    }
    if (!changed) return;
    if (current) {
      const doc = { ...current, _id: id, _applied: applied! };
      if (stored) writes.replacements.push(doc);
      else if (guess) writes.guessedNew.push({ doc, events });
      else writes.inserts.push(doc);
    } else if (existed) {
      writes.tombstones.push({ _id: id, _applied: applied! });
      if (stored) writes.deletions.push(id);
    }
  }

  return async function applyToDocuments(events: E[]): Promise<void> {
    const byDocument = new Map<string, E[]>();
    for (const event of events) {
      const id = projection.documentId(event);
      const list = byDocument.get(id);
      if (list) list.push(event);
      else byDocument.set(id, [event]);
    }
    if (byDocument.size === 0) return;
    const release = await locks(byDocument.keys());
    try {
      const writes = noWrites();
      // Tombstones must be checked before guessing a document new, or a redelivered creation could
      // bring a deleted document back: one read for every candidate of the batch (they are few,
      // only deleted documents have one), not one per document.
      const candidates = [...byDocument].filter(([, list]) => list[0]!.streamVersion === 1).map(([id]) => id);
      const buried = new Set((await tombstones.getMany(candidates)).map((tombstone) => tombstone._id));
      const mayGuess = new Set(candidates.filter((id) => !buried.has(id)));
      await forEachLimited([...byDocument], readConcurrency, ([id, list]) => fold(id, list, writes, mayGuess));
      const guessedWrong = new Set(await docs.insertNew(writes.guessedNew.map(({ doc }) => doc)));
      const retries = writes.guessedNew.filter(({ doc }) => guessedWrong.has(doc._id));
      await forEachLimited(retries, readConcurrency, ({ doc, events }) => fold(doc._id, events, writes, new Set()));
      const taken = await docs.insertNew(writes.inserts);
      if (taken.length > 0) {
        // Created by another writer since we read it: we must not overwrite it blindly. Failing
        // makes the bus deliver these events again; the markers skip whatever did land.
        throw new Error(`projection ${projection.name}: documents appeared while being applied: ${taken.join(', ')}`);
      }
      await docs.putMany(writes.replacements);
      // tombstones first: if we stop between the two writes, the redelivery deletes again
      await tombstones.putMany(writes.tombstones);
      for (const id of writes.deletions) await docs.delete(id);
    } finally {
      release();
    }
  };
}
