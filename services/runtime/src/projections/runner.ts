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
}

export interface ProjectionRunner extends ConsumerGroupRunner {
  /** Subscribes to the projection's topics (consumer group `projection.<name>`). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Clears the read model and its checkpoints, then replays the whole event store. */
  rebuild(): Promise<void>;
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
      deadLetter: options.deadLetter,
    });
  }

  async function stop(): Promise<void> {
    const current = subscription;
    subscription = undefined;
    await current?.stop();
  }

  async function rebuild(): Promise<void> {
    const eventStore = options.eventStore;
    if (!eventStore) throw new Error(`projection ${projection.name}: rebuild needs an event store`);
    // live applies during the replay would mark streams ahead of the replay and make it skip events
    const wasRunning = subscription !== undefined;
    await stop();
    await withSpan(`projection ${projection.name} rebuild`, {}, async () => {
      await docs.clear();
      await tombstones.clear();
      await checkpoints.clear();
      const limit = options.rebuildPageSize ?? 500;
      for (let after = 0; ; ) {
        const page = await eventStore.readAll({ after, limit });
        if (page.length === 0) break;
        await applyAll(page);
        after = page[page.length - 1]!.position;
      }
    });
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
    apply: (event) => applyAll([event]),
    waitFor: checkpoints.waitFor,
  };
}
