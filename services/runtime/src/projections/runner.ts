// The projection runner: feeds a projection from the bus (live) or from the event store (rebuild),
// applies each event to its document at most once, and keeps per-stream checkpoints for
// read-your-writes. Documents carry the runner's `_applied` markers; queries strip them with
// `withoutRunnerFields`, and `evolve` never sees them.
//
// Within one process, applies to the same document are serialised (events of different streams can
// arrive on different partitions at the same time). Replicas of one projection must not write the
// same document from two streams at once: the document store has no compare-and-set.
import { recordedEventSchema, type RecordedEvent } from '@candor/contracts';
import type { DeliveredMessage, MessageBus, Subscription } from '../bus/types';
import type { Document, DocumentStore } from '../documents/types';
import type { EventStore } from '../event-store/types';
import { createLogger, type Logger } from '../logging';
import { contextFromHeaders, withSpan } from '../telemetry/tracing';
import { createCheckpoints } from './checkpoints';
import {
  appliedVersion,
  withAppliedVersion,
  withoutRunnerFields,
  type StoredDocument,
  type Tombstone,
} from './runner-fields';
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
}

export interface ProjectionRunner {
  /** Subscribes to the projection's topics (consumer group `projection.<name>`). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Clears the read model and its checkpoints, then replays the whole event store. */
  rebuild(): Promise<void>;
  /** true once this stream is applied up to `position`; false after `timeoutMs`. */
  waitFor(streamId: string, position: number, timeoutMs: number): Promise<boolean>;
  /** Applies one event (idempotent); what the bus handler and rebuild() do for each event. */
  apply(event: RecordedEvent): Promise<void>;
}

/** Runs `work` after every earlier `work` for the same key has settled. */
function createKeyedQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const run = (tails.get(key) ?? Promise.resolve()).then(work, work);
    const tail = run.catch(() => {});
    tails.set(key, tail);
    void tail.then(() => tails.get(key) === tail && tails.delete(key));
    return run;
  };
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
  const checkpoints = createCheckpoints(projection.name, documents);
  const serialised = createKeyedQueue();
  let subscription: Subscription | undefined;

  async function applyToDocument(event: E): Promise<void> {
    const id = projection.documentId(event);
    await serialised(id, async () => {
      const stored = await docs.get(id);
      const tombstone = stored ? null : await tombstones.get(id);
      const applied = (stored ?? tombstone)?._applied;
      if (appliedVersion(applied, event.streamId) >= event.streamVersion) return; // a redelivery
      const next = projection.evolve(stored ? withoutRunnerFields(stored) : null, event);
      const marks = withAppliedVersion(applied, event.streamId, event.streamVersion);
      if (next) {
        await docs.put({ ...next, _id: id, _applied: marks });
      } else if (stored || tombstone) {
        // tombstone first: if we stop between the two writes, the redelivery deletes again
        await tombstones.put({ _id: id, _applied: marks });
        if (stored) await docs.delete(id);
      }
    });
  }

  async function apply(event: RecordedEvent): Promise<void> {
    let decoded: E | null;
    try {
      decoded = projection.decode(event);
    } catch (error) {
      // a payload that fails its schema can never succeed: skip it rather than block the stream
      logger.error({ err: error, eventId: event.eventId, type: event.type }, 'projection skipped an invalid event');
      decoded = null;
    }
    if (decoded) await applyToDocument(decoded);
    await serialised(`checkpoint:${event.streamId}`, () => checkpoints.record(event.streamId, event.position));
  }

  async function handle(message: DeliveredMessage): Promise<void> {
    const event = parseEvent(message);
    if (event instanceof Error) {
      logger.error({ err: event, topic: message.topic, key: message.key }, 'projection skipped a message that is not an event');
      return;
    }
    const trace = message.headers.traceparent ? message.headers : event.metadata;
    await withSpan(
      `projection ${projection.name}`,
      {
        kind: 'consumer',
        parent: contextFromHeaders(trace),
        attributes: {
          'messaging.system': 'candor.bus',
          'messaging.operation': 'process',
          'messaging.destination.name': message.topic,
          'candor.event.type': event.type,
          'candor.stream_id': event.streamId,
        },
      },
      () => apply(event),
    );
  }

  async function start(): Promise<void> {
    if (subscription) return;
    subscription = await bus.subscribe({
      groupId: `projection.${projection.name}`,
      topics: projection.topics,
      fromBeginning: true,
      handle,
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
        for (const event of page) await apply(event);
        after = page[page.length - 1]!.position;
      }
    });
    if (wasRunning) await start();
  }

  return { start, stop, rebuild, apply, waitFor: checkpoints.waitFor };
}
