// The runner's private bookkeeping on each read-model document: which version of each stream it has
// applied. It is written in the same `put` as the document, so an event and its marker land together.
import type { Document } from '../documents/types';

export interface AppliedVersion {
  streamId: string;
  version: number;
}

/** What the runner stores: the projection's document plus its markers. */
export type StoredDocument<D extends Document> = D & { _applied: AppliedVersion[] };

/** Kept in `<collection>_tombstones` once a document is deleted, so a late redelivery cannot revive it. */
export interface Tombstone extends Document {
  _applied: AppliedVersion[];
}

/** A read-model document without the runner's fields: what `evolve` receives and queries return. */
export function withoutRunnerFields<D extends Document>(doc: D): D {
  const { _applied: _ignored, ...rest } = doc as D & { _applied?: unknown };
  return rest as unknown as D;
}

export function appliedVersion(applied: AppliedVersion[] | undefined, streamId: string): number {
  return applied?.find((entry) => entry.streamId === streamId)?.version ?? 0;
}

export function withAppliedVersion(applied: AppliedVersion[] | undefined, streamId: string, version: number): AppliedVersion[] {
  return [...(applied ?? []).filter((entry) => entry.streamId !== streamId), { streamId, version }];
}
