// One relay batch: in one transaction, take the schema's relay lock, read the oldest unpublished
// outbox rows that no in-flight transaction can still precede, publish them, mark them published.
import { ROOT_CONTEXT } from '@opentelemetry/api';
import type { MessageBus, OutgoingMessage } from '../bus/types';
import { eventColumns, toRecordedEvent, type EventRow } from '../event-store/rows';
import { lockKeys, quoteSchema } from '../event-store/schema';
import type { SqlClient } from '../sql/types';
import { contextFromHeaders, withSpan } from '../telemetry/tracing';

interface OutboxRow extends EventRow {
  topic: string;
  message_key: string;
}

export function toMessage(row: OutboxRow): OutgoingMessage {
  const { traceparent, tracestate } = row.metadata;
  const headers: Record<string, string> = { 'event-type': row.type };
  if (traceparent) headers.traceparent = traceparent;
  if (tracestate) headers.tracestate = tracestate;
  return { key: row.message_key, value: JSON.stringify(toRecordedEvent(row)), headers };
}

/**
 * One producer span per event, each parented on the trace of the command that caused it; they
 * nest so that together they cover the single batched publish call.
 */
function publishTraced(bus: MessageBus, topic: string, rows: OutboxRow[], index = 0): Promise<void> {
  const row = rows[index];
  if (!row) return bus.publish(topic, rows.map(toMessage));
  const parent = row.metadata.traceparent ? contextFromHeaders(row.metadata) : ROOT_CONTEXT;
  const attributes = {
    'messaging.system': 'candor-bus',
    'messaging.destination.name': topic,
    'messaging.message.id': row.event_id,
    'candor.event_type': row.type,
    'candor.position': Number(row.position),
  };
  return withSpan(`publish ${topic}`, { kind: 'producer', parent, attributes }, () =>
    publishTraced(bus, topic, rows, index + 1),
  );
}

/** Consecutive rows of one topic go out in one publish call, preserving position order. */
function runsByTopic(rows: OutboxRow[]): { topic: string; rows: OutboxRow[] }[] {
  const runs: { topic: string; rows: OutboxRow[] }[] = [];
  for (const row of rows) {
    const last = runs[runs.length - 1];
    if (last && last.topic === row.topic) last.rows.push(row);
    else runs.push({ topic: row.topic, rows: [row] });
  }
  return runs;
}

/** Publishes at most `batchSize` rows; `busy` when another relay holds this schema's lock. */
export async function publishBatch(
  { sql, schema, bus }: { sql: SqlClient; schema: string; bus: MessageBus },
  batchSize: number,
): Promise<number | 'busy'> {
  const s = quoteSchema(schema);
  return sql.transaction(async (tx) => {
    // Held until this transaction ends, i.e. across the publish: replicas take turns, so two
    // relays never put the same rows on the bus interleaved.
    const { rows: lock } = await tx.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked',
      [lockKeys.relay(schema)],
    );
    if (!lock[0]?.locked) return 'busy';
    // Same visibility rule as readAll: a row of a still-open transaction may have a lower position
    // than rows already visible, and publishing past it would reorder a stream's events.
    const { rows } = await tx.query<OutboxRow>(
      `SELECT o.topic, o.message_key, ${eventColumns('e')}
         FROM ${s}.outbox o JOIN ${s}.events e ON e.position = o.position
        WHERE o.published_at IS NULL AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY o.position LIMIT $1`,
      [batchSize],
    );
    if (rows.length === 0) return 0;
    for (const run of runsByTopic(rows)) await publishTraced(bus, run.topic, run.rows);
    // Marked only now that the bus has acknowledged; a failure before commit means a re-publish
    // (at-least-once), never a lost event.
    const positions = rows.map((row) => Number(row.position));
    const placeholders = positions.map((_, index) => `$${index + 1}`).join(', ');
    await tx.query(`UPDATE ${s}.outbox SET published_at = now() WHERE position IN (${placeholders})`, positions);
    return rows.length;
  });
}
