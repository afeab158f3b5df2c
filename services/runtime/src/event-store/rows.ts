// Mapping between `events` rows and RecordedEvent.
import type { EventMetadata, RecordedEvent } from '@candor/contracts';

export interface EventRow {
  event_id: string;
  stream_id: string;
  stream_version: number;
  position: number;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date | string;
}

/** The columns an EventRow is selected from; `alias` prefixes them for joins. */
export function eventColumns(alias = ''): string {
  const p = alias ? `${alias}.` : '';
  return ['event_id', 'stream_id', 'stream_version', 'position', 'type', 'data', 'metadata', 'recorded_at']
    .map((column) => p + column)
    .join(', ');
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    position: Number(row.position),
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: new Date(row.recorded_at).toISOString(),
  };
}
