// Policies: a service reacting to other services' events by doing something of its own (creating a
// session when a candidate is invited, emailing the invitation). A policy's handler must be
// idempotent — delivery is at least once, and the embedded mode replays history at start — and
// it usually is by writing to a stream of its own with an expected version, so a second run of the
// same event finds its work done.
//
// Live, a policy is a consumer group (`policy.<name>`) on the bus: a handler that throws gets the
// event again, and with `deadLetter` an event that keeps failing (or is not a valid event at all) is
// parked in the group's dead-letter topic instead of blocking its partition. A distributed service
// keeps its committed Kafka offsets. The in-process bus forgets what it held at a stop, so the
// embedded mode calls `replay` with the source services' event stores before going live; with
// `checkpoints` the replay starts where the policy had got to, not at the beginning (see
// policy-checkpoints.ts for when a checkpoint may move).
import { recordedEventSchema, type RecordedEvent } from '@candor/contracts';
import { deadLetterTopic, describeError, toDeadLetter, UnprocessableMessage } from '../bus/dead-letters';
import type { ConsumerGroupRunner, DeadLetterOptions, DeliveredMessage, MessageBus, ParkedMessage, Subscription } from '../bus/types';
import type { EventStore } from '../event-store/types';
import type { Logger } from '../logging';
import { contextFromHeaders, withSpan } from '../telemetry/tracing';
import type { PolicyCheckpoints } from './policy-checkpoints';

export interface Policy {
  /** also the consumer group (`policy.<name>`) */
  name: string;
  topics: string[];
  /** Reacts to one event; ignores the types it does not handle. Throwing means "deliver it again". */
  handle(event: RecordedEvent): Promise<void>;
}

/** An event store a policy replays; with `topic` (the one its outbox publishes to) it can be checkpointed. */
export type PolicySource = Pick<EventStore, 'readAll'> & { topic?: string };

export interface PolicyRunner extends ConsumerGroupRunner {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Hands the events of these stores to the policy, oldest first, from its checkpoints (embedded catch-up). */
  replay(stores: PolicySource[]): Promise<void>;
}

export interface PolicyRunnerOptions {
  policy: Policy;
  bus: MessageBus;
  logger: Logger;
  pageSize?: number;
  /** park events that keep failing (the bus's dead-letter topic for `policy.<name>`) */
  deadLetter?: DeadLetterOptions;
  /** durable replay checkpoints (embedded mode); without them `replay` starts at the beginning */
  checkpoints?: PolicyCheckpoints;
  /** how often the live checkpoint is considered (default 1 s) */
  checkpointEveryMs?: number;
}

/** zod's errors: an event whose payload fails the policy's schema will never succeed as it is. */
const failsSchema = (error: unknown) => (error as { name?: string } | null)?.name === 'ZodError';

export function createPolicyRunner(options: PolicyRunnerOptions): PolicyRunner {
  const { policy, bus, checkpoints } = options;
  const groupId = `policy.${policy.name}`;
  const logger = options.logger.child({ policy: policy.name });
  let subscription: Subscription | undefined;
  // Live checkpoint state, per source topic (embedded mode): the highest position handled from the
  // bus, the positions parked and not yet handled since, and what was last saved.
  const sources = new Set<string>();
  const handledUpTo = new Map<string, number>();
  const parked = new Map<string, Set<number>>();
  const saved = new Map<string, number>();
  let checkpointTimer: NodeJS.Timeout | undefined;
  // where each replayed store was read up to, for the catch-up pass once subscribed
  const replayedTo: { store: PolicySource; source: string | undefined; after: number }[] = [];

  const handle = (event: RecordedEvent, headers: Record<string, string>) =>
    withSpan(
      `policy ${policy.name}`,
      {
        kind: 'consumer',
        parent: contextFromHeaders(headers.traceparent ? headers : event.metadata),
        attributes: { 'candor.event.type': event.type, 'candor.stream_id': event.streamId },
      },
      () => policy.handle(event),
    );

  const parseEvent = (message: DeliveredMessage): RecordedEvent | Error => {
    try {
      const parsed = recordedEventSchema.safeParse(JSON.parse(message.value));
      return parsed.success ? (parsed.data as RecordedEvent) : new Error(parsed.error.message);
    } catch (error) {
      return error as Error;
    }
  };

  async function fromMessage(message: DeliveredMessage): Promise<void> {
    const event = parseEvent(message);
    if (event instanceof Error) {
      logger.error({ err: event, topic: message.topic, key: message.key }, 'policy got a message that is not an event');
      // parked (and counted) when the bus parks; without a dead-letter topic it can only be skipped
      if (options.deadLetter) throw new UnprocessableMessage('not an event', event);
      return;
    }
    try {
      await handle(event, message.headers);
    } catch (error) {
      if (failsSchema(error)) {
        logger.error({ err: error, eventId: event.eventId, type: event.type }, 'policy got an event that fails its schema');
        throw new UnprocessableMessage(`${event.type} fails its schema`, error);
      }
      logger.warn({ err: error, eventId: event.eventId, type: event.type }, 'policy failed; the event will be delivered again');
      throw error;
    }
    if (sources.has(message.topic)) {
      handledUpTo.set(message.topic, Math.max(handledUpTo.get(message.topic) ?? 0, event.position));
      parked.get(message.topic)?.delete(event.position);
    }
  }

  const onParked = (letter: ParkedMessage) => {
    const event = parseEvent(letter.message);
    if (!(event instanceof Error) && sources.has(letter.message.topic)) {
      let positions = parked.get(letter.message.topic);
      if (!positions) parked.set(letter.message.topic, (positions = new Set()));
      positions.add(event.position);
    }
    options.deadLetter?.onParked?.(letter);
  };

  /**
   * Saves, per source, the highest position handled live — only while the group has handled every
   * message published on that topic (then nothing below it is still on its way: the relay publishes
   * in position order), and never past a parked event (the next start hands it over again).
   */
  async function saveLiveCheckpoints(): Promise<void> {
    if (!checkpoints) return;
    for (const topic of sources) {
      const lag = await bus.lag(groupId, [topic]).catch(() => undefined);
      if (!lag || lag.some((partition) => partition.lag > 0)) continue;
      let position = handledUpTo.get(topic) ?? 0;
      const waiting = parked.get(topic);
      if (waiting?.size) position = Math.min(position, Math.min(...waiting) - 1);
      if (position <= (saved.get(topic) ?? 0)) continue;
      await checkpoints.save(policy.name, topic, position);
      saved.set(topic, position);
    }
  }

  /**
   * A replayed event that keeps failing is parked as a live one would be, so one bad event does not
   * stop the start. A few tries first: the catch-up pass after subscribing may race the same event
   * arriving live, and the loser's version conflict is not a failure (the retry finds it done).
   */
  async function replayOne(event: RecordedEvent, source: string | undefined): Promise<void> {
    let failure: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await handle(event, {});
        return;
      } catch (error) {
        failure = error;
        await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
      }
    }
    const error = failure;
    if (!options.deadLetter || !source) throw error;
    const message: DeliveredMessage = { topic: source, key: event.streamId, value: JSON.stringify(event), headers: { 'event-type': event.type } };
    const letter: ParkedMessage = {
      groupId,
      message,
      error: describeError(error),
      partition: -1,
      offset: `position-${event.position}`,
      attempts: 3,
      parkedAt: new Date().toISOString(),
    };
    await bus.publish(deadLetterTopic(groupId), [toDeadLetter(letter)]);
    logger.error({ err: error, eventId: event.eventId, type: event.type }, 'policy failed on a replayed event; it is parked in the dead-letter topic');
    onParked(letter);
  }

  return {
    kind: 'policy',
    name: policy.name,
    groupId,
    topics: policy.topics,
    running: () => subscription !== undefined,
    async start() {
      if (subscription) return;
      await bus.ensureTopics(policy.topics);
      subscription = await bus.subscribe({
        groupId,
        topics: policy.topics,
        fromBeginning: true,
        handle: fromMessage,
        deadLetter: options.deadLetter && { ...options.deadLetter, onParked },
      });
      // Appended between the replay's last page and the subscription, an event may already have
      // been handled by every other group and trimmed from the in-process bus: read it from the
      // store (what also arrives live is handled twice, which handlers are made for).
      for (const replayed of replayedTo.splice(0)) {
        for (let after = replayed.after; ; ) {
          const page = await replayed.store.readAll({ after, limit: options.pageSize ?? 500 });
          if (page.length === 0) break;
          for (const event of page) await replayOne(event, replayed.source);
          after = page[page.length - 1]!.position;
        }
      }
      if (checkpoints && sources.size > 0) {
        checkpointTimer = setInterval(() => {
          saveLiveCheckpoints().catch((error) => logger.warn({ err: error }, 'could not save the policy checkpoint'));
        }, options.checkpointEveryMs ?? 1000);
        checkpointTimer.unref();
      }
    },
    async stop() {
      clearInterval(checkpointTimer);
      const current = subscription;
      subscription = undefined;
      await current?.stop();
      await saveLiveCheckpoints().catch((error) => logger.warn({ err: error }, 'could not save the policy checkpoint'));
    },
    async replay(stores) {
      const limit = options.pageSize ?? 500;
      for (const store of stores) {
        const source = checkpoints ? store.topic : undefined;
        if (source) sources.add(source);
        let after = source ? await checkpoints!.load(policy.name, source) : 0;
        if (source) saved.set(source, after);
        for (;;) {
          const page = await store.readAll({ after, limit });
          if (page.length === 0) break;
          for (const event of page) await replayOne(event, source);
          after = page[page.length - 1]!.position;
          if (source) {
            await checkpoints!.save(policy.name, source, after);
            saved.set(source, after);
          }
        }
        if (source) handledUpTo.set(source, Math.max(handledUpTo.get(source) ?? 0, after));
        replayedTo.push({ store, source, after });
      }
    },
  };
}
