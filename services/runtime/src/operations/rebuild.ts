// Rebuilding read models from their service's own event store: what `npm run rebuild` does in the
// distributed mode (and what the embedded mode does at every start). Each projection's documents,
// tombstones and checkpoints are cleared and every event of the store is applied again, page by page.
// The service's projection consumers must be stopped meanwhile (scale the service to 0): a live
// consumer applying newer events during the replay would mark documents ahead of it. Afterwards
// the consumer group carries on from its committed offsets, and what the rebuild already applied
// is skipped by the documents' markers.
import type { MessageBus } from '../bus/types';
import type { DocumentStore } from '../documents/types';
import type { EventStore } from '../event-store/types';
import type { Logger } from '../logging';
import { createProjectionRunner } from '../projections/runner';
import type { Projection } from '../projections/types';

/** A bus that refuses use: a rebuild reads the event store and never subscribes. */
const noBus: MessageBus = {
  ensureTopics: async () => {},
  publish: async () => {
    throw new Error('a rebuild does not publish');
  },
  subscribe: async () => {
    throw new Error('a rebuild does not subscribe');
  },
  replayDeadLetters: async () => 0,
  lag: async () => [],
  reachable: async () => {},
  close: async () => {},
};

export interface RebuildOptions {
  store: Pick<EventStore, 'readAll'>;
  documents: DocumentStore;
  /** the service's read models */
  projections: Projection<any, any>[];
  /** which of them (by name); all when empty */
  names?: string[];
  logger?: Logger;
}

/** Rebuilds the named read models in turn; answers their names and how long each took. */
export async function rebuildReadModels(options: RebuildOptions): Promise<{ projection: string; ms: number }[]> {
  const wanted = options.names?.length ? options.names : options.projections.map((projection) => projection.name);
  const unknown = wanted.filter((name) => !options.projections.some((projection) => projection.name === name));
  if (unknown.length) {
    throw new Error(`no read model ${unknown.join(', ')}; this service has ${options.projections.map((p) => p.name).join(', ') || 'none'}`);
  }
  const done: { projection: string; ms: number }[] = [];
  for (const projection of options.projections.filter((candidate) => wanted.includes(candidate.name))) {
    const started = Date.now();
    const runner = createProjectionRunner({ projection, bus: noBus, documents: options.documents, eventStore: options.store, logger: options.logger });
    await runner.rebuild();
    done.push({ projection: projection.name, ms: Date.now() - started });
  }
  return done;
}
