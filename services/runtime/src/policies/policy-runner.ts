// Policies: a service reacting to other services' events by doing something of its own (creating a
// session when a candidate is invited, emailing the invitation). A policy's handler must be
// idempotent — delivery is at least once, and the embedded mode replays history at every start — and
// it usually is by writing to a stream of its own with an expected version, so a second run of the
// same event finds its work done.
//
// Live, a policy is a consumer group (`policy.<name>`) on the bus: a handler that throws gets the
// event again. The in-process bus forgets what it held at a stop, so the embedded mode calls
// `replay` with the source services' event stores before going live; a distributed service keeps its
// committed Kafka offsets instead.
import { recordedEventSchema, type RecordedEvent } from '@candor/contracts';
import type { ConsumerGroupRunner, DeliveredMessage, MessageBus, Subscription } from '../bus/types';
import type { EventStore } from '../event-store/types';
import type { Logger } from '../logging';
import { contextFromHeaders, withSpan } from '../telemetry/tracing';

export interface Policy {
  /** also the consumer group (`policy.<name>`) */
  name: string;
  topics: string[];
  /** Reacts to one event; ignores the types it does not handle. Throwing means "deliver it again". */
  handle(event: RecordedEvent): Promise<void>;
}

export interface PolicyRunner extends ConsumerGroupRunner {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Hands every event of these stores to the policy, oldest first (embedded catch-up). */
  replay(stores: Pick<EventStore, 'readAll'>[]): Promise<void>;
}

export function createPolicyRunner(options: {
  policy: Policy;
  bus: MessageBus;
  logger: Logger;
  pageSize?: number;
}): PolicyRunner {
  const { policy, bus } = options;
  const logger = options.logger.child({ policy: policy.name });
  let subscription: Subscription | undefined;

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

  async function fromMessage(message: DeliveredMessage): Promise<void> {
    let event: RecordedEvent;
    try {
      const parsed = recordedEventSchema.safeParse(JSON.parse(message.value));
      if (!parsed.success) throw new Error(parsed.error.message);
      event = parsed.data as RecordedEvent;
    } catch (error) {
      // a message that is not an event can never succeed: skip it rather than block the partition
      logger.error(
        { err: error, topic: message.topic, key: message.key },
        'policy skipped a message that is not an event',
      );
      return;
    }
    try {
      await handle(event, message.headers);
    } catch (error) {
      logger.warn(
        { err: error, eventId: event.eventId, type: event.type },
        'policy failed; the event will be delivered again',
      );
      throw error;
    }
  }

  const groupId = `policy.${policy.name}`;
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
      });
    },
    async stop() {
      const current = subscription;
      subscription = undefined;
      await current?.stop();
    },
    async replay(stores) {
      const limit = options.pageSize ?? 500;
      for (const store of stores) {
        for (let after = 0; ;) {
          const page = await store.readAll({ after, limit });
          if (page.length === 0) break;
          for (const event of page) await handle(event, {});
          after = page[page.length - 1]!.position;
        }
      }
    },
  };
}
