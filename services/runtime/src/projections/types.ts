// A projection turns events into read-model documents: `evolve(doc | null, event) → doc | null`.
// The runner applies each event at most once per document (it keeps the last applied position on the
// document), keeps a per-stream checkpoint for read-your-writes waits, and can rebuild from the store.
import type { RecordedEvent } from '@candor/contracts';
import type { Document } from '../documents/types';

export interface Projection<D extends Document, E extends RecordedEvent = RecordedEvent> {
  /** also the consumer group id and the checkpoint namespace */
  name: string;
  /**
   * Bump when what the projection makes changes through code outside decode/documentId/evolve (a
   * helper they call): a read-model snapshot (embedded mode) made by other code is then not used.
   */
  version?: string;
  /** collection the documents live in */
  collection: string;
  topics: string[];
  /** Validates and narrows an event; null for events this projection ignores. */
  decode(event: RecordedEvent): E | null;
  /** Which document an event belongs to. */
  documentId(event: E): string;
  /** New state of the document, or null to delete it. Pure. */
  evolve(doc: D | null, event: E): D | null;
}
