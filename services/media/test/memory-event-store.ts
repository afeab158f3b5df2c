// An event store in memory with the same optimistic concurrency as the Postgres one, for the unit
// tests of the policy and the live room (no database, no I/O). Not used by any composition.
import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@candor/contracts';
import { ConcurrencyError, type EventStore, type NewEvent } from '@candor/runtime';

export interface MemoryEventStore extends EventStore {
  readonly events: RecordedEvent[];
}

export function createMemoryEventStore(): MemoryEventStore {
  const events: RecordedEvent[] = [];
  const versionOf = (streamId: string) => events.filter((event) => event.streamId === streamId).length;
  const check = (streamId: string, expectedVersion: number | 'any') => {
    const actual = versionOf(streamId);
    if (expectedVersion !== 'any' && expectedVersion !== actual)
      throw new ConcurrencyError(streamId, expectedVersion, actual);
  };
  const write = (streamId: string, batch: NewEvent[]) => {
    for (const event of batch) {
      events.push({
        eventId: randomUUID(),
        streamId,
        streamVersion: versionOf(streamId) + 1,
        position: events.length + 1,
        type: event.type,
        data: structuredClone(event.data),
        metadata: event.metadata,
        recordedAt: event.metadata.occurredAt,
      });
    }
    return { nextVersion: versionOf(streamId), lastPosition: events.length };
  };
  return {
    events,
    async init() {},
    async append(streamId, batch, { expectedVersion }) {
      check(streamId, expectedVersion);
      return write(streamId, batch);
    },
    async appendMany(appends) {
      for (const { streamId, expectedVersion } of appends) check(streamId, expectedVersion);
      return appends.map(({ streamId, events: batch }) => write(streamId, batch));
    },
    async readStream(streamId) {
      return events.filter((event) => event.streamId === streamId);
    },
    async readAll({ after, limit }) {
      return events.filter((event) => event.position > after).slice(0, limit);
    },
  };
}
