// The projection runner: feeds a projection from the bus (live) or from the event store (rebuild),
// applies each event at most once per document, and keeps per-stream checkpoints for
// read-your-writes. Documents carry the runner's `_applied` markers; queries strip them with
// `withoutRunnerFields`, and `evolve` never sees them.
//
// Events arrive in batches (a run of one partition from the bus, a page of the event store): each
// touched document is read once and written once per batch, and each stream's checkpoint once.
// Within one process, batches touching the same document take turns (events of different streams
// can arrive on different partitions at the same time). Replicas of one projection must not write
// the same document from two streams at once: the document store has no compare-and-set.
//
// With `snapshots` (the embedded mode's read models in memory) the runner starts with `catchUp`
// instead of a rebuild: it loads the last snapshot and applies only the events after its position,
// and while it runs it takes a new snapshot now and then and at stop (see snapshots.ts, and
// `saveSnapshot` for when a position may be claimed).
import { recordedEventSchema, type RecordedEvent } from '@candor/contracts';
import { UnprocessableMessage } from '../bus/dead-letters';
import type { ConsumerGroupRunner, DeadLetterOptions, DeliveredMessage, MessageBus, Subscription } from '../bus/types';
import type { Document, DocumentStore } from '../documents/types';
import type { EventStore } from '../event-store/types';
import { createLogger, type Logger } from '../logging';
import { withSpan } from '../telemetry/tracing';
import { createDocumentApplier } from './apply-to-documents';
import { createCheckpoints, type CheckpointPolling } from './checkpoints';
import { withConsumerSpans } from './consumer-spans';
import { createKeyedLocks } from './keyed-locks';
import type { StoredDocument, Tombstone } from './runner-fields';
import { projectionVersion, type ReadModelSnapshots } from './snapshots';
import type { Projection } from './types';

export interface ProjectionRunnerOptions<D extends Document, E extends RecordedEvent> {
  projection: Projection<D, E>;
  bus: MessageBus;
  documents: DocumentStore;
  /** needed by rebuild() only, which reads everything by global position */
  eventStore?: Pick<EventStore, 'readAll'>;
  logger?: Logger;
  /** events per readAll page during a rebuild (default 500) */
  rebuildPageSize?: number;
  /** how waitFor reads the shared checkpoints when another replica may apply the stream */
  checkpointPolling?: CheckpointPolling;
  /**
   * Park what keeps failing (and, at once, what is not a valid event) in the bus's dead-letter topic
   * of `projection.<name>`. A parked event is behind the documents it touches, so replaying it
   * changes nothing there: once fixed, rebuild the read model (`npm run rebuild`).
   */
  deadLetter?: DeadLetterOptions;
  /** durable snapshots of the read model (embedded memory store): `catchUp` starts from the last one */
  snapshots?: ReadModelSnapshots;
  /** how often a changed read model is snapshotted while running (default 60 s) */
  snapshotEveryMs?: number;
}

/** What a start's `catchUp` did: from which position of the event store, and how many events it read. */
export interface CatchUp {
  from: number;
  replayed: number;
  /** false when there was no usable snapshot and the read model was rebuilt from the beginning */
  fromSnapshot: boolean;
}

export interface ProjectionRunner extends ConsumerGroupRunner {
  /** Subscribes to the projection's topics (consumer group `projection.<name>`). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Clears the read model and its checkpoints, then replays the whole event store. */
  rebuild(): Promise<void>;
  /**
   * Before `start` (embedded mode): the last snapshot, then the events after it (with `snapshots`),
   * or a rebuild when there is none. Afterwards a snapshot is taken now and then and at `stop`.
   */
  catchUp(): Promise<CatchUp>;
  /** true once this stream is applied up to `position`; false after `timeoutMs`. */
  waitFor(streamId: string, position: number, timeoutMs: number): Promise<boolean>;
  /** Applies one event (idempotent), as the bus handler and rebuild() do for batches of them. */
  apply(event: RecordedEvent): Promise<void>;
}

function parseEvent(message: DeliveredMessage): RecordedEvent | Error {
  try {
    const parsed = recordedEventSchema.safeParse(JSON.parse(message.value));
    return parsed.success ? parsed.data : new Error(parsed.error.message);
  } catch (error) {
    return error as Error;
  }
}

export function createProjectionRunner<D extends Document, E extends RecordedEvent>(
  options: ProjectionRunnerOptions<D, E>,
): ProjectionRunner {
  const { projection, bus, documents } = options;
  const logger = options.logger ?? createLogger(`projection.${projection.name}`, 'warn');
  const docs = documents.collection<StoredDocument<D>>(projection.collection);
  const tombstones = documents.collection<Tombstone>(`${projection.collection}_tombstones`);
  const checkpoints = createCheckpoints(projection.name, documents, options.checkpointPolling);
  const applyToDocuments = createDocumentApplier({ projection, docs, tombstones, locks: createKeyedLocks() });
  let subscription: Subscription | undefined;
  const { snapshots } = options;
  const version = projectionVersion(projection);
  // every event of the store up to here is applied, when the group has nothing left on the bus
  let appliedUpTo = 0;
  // positions of events the bus parked: a snapshot never claims one (the next start tries it again)
  const parked = new Set<number>();
  let changed = false;
  let snapshotTimer: NodeJS.Timeout | undefined;

  /**
   * Applies events in their order (per document); checkpoints every stream seen, handled or not. An
   * event that fails its schema is logged and skipped in a rebuild; from the bus (`strict`, with a
   * dead-letter topic) it fails the batch, so the bus parks it.
   */
  async function applyAll(events: RecordedEvent[], strict = false): Promise<void> {
    const decoded: E[] = [];
    const positions = new Map<string, number>();
    for (const event of events) {
      positions.set(event.streamId, Math.max(event.position, positions.get(event.streamId) ?? 0));
      try {
        const handled = projection.decode(event);
        if (handled) decoded.push(handled);
      } catch (error) {
        // a payload that fails its schema can never succeed: park it, or skip it rather than block the stream
        logger.error({ err: error, eventId: event.eventId, type: event.type }, strict ? 'projection got an invalid event' : 'projection skipped an invalid event');
        if (strict) throw new UnprocessableMessage(`${event.type} fails its schema`, error);
      }
    }
    await applyToDocuments(decoded);
    await checkpoints.record(positions);
    for (const position of positions.values()) appliedUpTo = Math.max(appliedUpTo, position);
    changed = true;
  }

  async function handleBatch(messages: DeliveredMessage[]): Promise<void> {
    const handled: { message: DeliveredMessage; event: RecordedEvent }[] = [];
    for (const message of messages) {
      const event = parseEvent(message);
      if (event instanceof Error) {
        logger.error({ err: event, topic: message.topic, key: message.key }, 'projection got a message that is not an event');
        if (options.deadLetter) throw new UnprocessableMessage('not an event', event);
      } else {
        handled.push({ message, event });
      }
    }
    if (handled.length === 0) return;
    await withConsumerSpans(projection.name, handled, () => applyAll(handled.map(({ event }) => event), Boolean(options.deadLetter)));
  }

  const groupId = `projection.${projection.name}`;

  async function start(): Promise<void> {
    if (subscription) return;
    subscription = await bus.subscribe({
      groupId,
      topics: projection.topics,
      fromBeginning: true,
      handle: (message) => handleBatch([message]),
      handleBatch,
      deadLetter: options.deadLetter && {
        ...options.deadLetter,
        onParked: (letter) => {
          const event = parseEvent(letter.message);
          if (!(event instanceof Error)) parked.add(event.position);
          options.deadLetter?.onParked?.(letter);
        },
      },
    });
    if (snapshots && !snapshotTimer) {
      snapshotTimer = setInterval(() => {
        saveSnapshot().catch((error: unknown) => logger.warn({ err: error }, 'could not save the read-model snapshot'));
      }, options.snapshotEveryMs ?? 60_000);
      snapshotTimer.unref();
    }
  }

  async function stop(): Promise<void> {
    clearInterval(snapshotTimer);
    snapshotTimer = undefined;
    const current = subscription;
    subscription = undefined;
    await current?.stop();
    await saveSnapshot().catch((error: unknown) => logger.warn({ err: error }, 'could not save the read-model snapshot'));
  }

  /**
   * Saves the read model with the highest position applied — only while the group has handled every
   * message published on its topics (the relay publishes in position order, so nothing at or below
   * that position is still on its way), and never past a parked event: the next start applies it
   * again (and the bus parks it again if it still fails). Copying a memory store while a batch lands
   * may catch part of it; those events are above the position and are applied again, harmlessly
   * (the markers), at the next start.
   */
  async function saveSnapshot(): Promise<void> {
    if (!snapshots || !changed) return;
    const lag = await bus.lag(groupId, projection.topics).catch(() => undefined);
    if (!lag || lag.some((partition) => partition.lag > 0)) return;
    const position = parked.size ? Math.min(appliedUpTo, Math.min(...parked) - 1) : appliedUpTo;
    changed = false;
    try {
      const [documents, dead, streams] = await Promise.all([docs.find({}), tombstones.find({}), checkpoints.all()]);
      await snapshots.save(projection.name, version, { position, documents, tombstones: dead, checkpoints: streams });
    } catch (error) {
      changed = true;
      throw error;
    }
  }

  /** Applies the store's events after `after`, page by page; answers how many it read. */
  async function replayAfter(after: number): Promise<number> {
    const eventStore = options.eventStore;
    if (!eventStore) throw new Error(`projection ${projection.name}: a replay needs an event store`);
    const limit = options.rebuildPageSize ?? 500;
    let replayed = 0;
    for (;;) {
      const page = await eventStore.readAll({ after, limit });
      if (page.length === 0) break;
      await applyAll(page);
      replayed += page.length;
      after = page[page.length - 1]!.position;
      appliedUpTo = Math.max(appliedUpTo, after);
    }
    return replayed;
  }

  async function catchUp(): Promise<CatchUp> {
    const snapshot = await snapshots?.load(projection.name, version);
    if (!snapshot) {
      const replayed = await rebuildAll();
      // keep the result (even of an empty store), so the next start does not do it again
      changed = true;
      await saveSnapshot();
      return { from: 0, replayed, fromSnapshot: false };
    }
    await docs.clear();
    await tombstones.clear();
    await checkpoints.clear();
    await docs.putMany(snapshot.documents);
    await tombstones.putMany(snapshot.tombstones);
    await checkpoints.restore(snapshot.checkpoints);
    appliedUpTo = snapshot.position;
    changed = false;
    const replayed = await replayAfter(snapshot.position);
    if (replayed > 0) changed = true;
    return { from: snapshot.position, replayed, fromSnapshot: true };
  }

  /** Clears the read model and applies the whole store; answers how many events it read. */
  async function rebuildAll(): Promise<number> {
    await docs.clear();
    await tombstones.clear();
    await checkpoints.clear();
    appliedUpTo = 0;
    return replayAfter(0);
  }

  async function rebuild(): Promise<void> {
    const eventStore = options.eventStore;
    if (!eventStore) throw new Error(`projection ${projection.name}: rebuild needs an event store`);
    // live applies during the replay would mark streams ahead of the replay and make it skip events
    const wasRunning = subscription !== undefined;
    await stop();
    await withSpan(`projection ${projection.name} rebuild`, {}, rebuildAll);
    if (wasRunning) await start();
  }

  return {
    kind: 'projection',
    name: projection.name,
    groupId,
    topics: projection.topics,
    running: () => subscription !== undefined,
    start,
    stop,
    rebuild,
    catchUp,
    apply: (event) => applyAll([event]),
    waitFor: checkpoints.waitFor,
  };
}
