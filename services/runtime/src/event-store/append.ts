// One append transaction: per-stream locks and version checks, then every event and its outbox
// row in a single INSERT. Shared by `append` and `appendMany`.
import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '../sql/types';
import { lockKeys, quoteSchema } from './schema';
import { ConcurrencyError, type AppendResult, type ExpectedVersion, type NewEvent } from './types';

export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expectedVersion: ExpectedVersion;
}

export async function streamHead(db: SqlExecutor, schema: string, streamId: string) {
  const { rows } = await db.query<{ stream_version: number; position: number }>(
    `SELECT stream_version, position FROM ${quoteSchema(schema)}.events
      WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1`,
    [streamId],
  );
  return { version: rows[0]?.stream_version ?? 0, position: rows[0]?.position ?? 0 };
}

export function checkAppends(appends: StreamAppend[]): void {
  const seen = new Set<string>();
  for (const { streamId, expectedVersion } of appends) {
    if (seen.has(streamId)) throw new RangeError(`stream ${streamId} appears twice in one append`);
    seen.add(streamId);
    if (expectedVersion !== 'any' && !(Number.isSafeInteger(expectedVersion) && expectedVersion >= 0)) {
      throw new RangeError(`expectedVersion must be 'any' or a whole number >= 0, got ${expectedVersion}`);
    }
  }
}

/** Runs inside the caller's transaction; results in the order of `appends`. */
export async function appendStreams(
  tx: SqlExecutor,
  { schema, topic }: { schema: string; topic: string },
  appends: StreamAppend[],
): Promise<AppendResult[]> {
  // Locks in a fixed order so two multi-stream appends cannot deadlock. Advisory locks and reads
  // give the transaction no id yet; that matters below.
  const byStreamId = [...appends].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
  const heads = new Map<string, { version: number; position: number }>();
  for (const { streamId, expectedVersion } of byStreamId) {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [schema, streamId]);
    const head = await streamHead(tx, schema, streamId);
    if (expectedVersion !== 'any' && expectedVersion !== head.version) {
      throw new ConcurrencyError(streamId, expectedVersion, head.version);
    }
    heads.set(streamId, head);
  }

  const params: unknown[] = [topic];
  const values: string[] = [];
  for (const { streamId, events } of appends) {
    const fromVersion = heads.get(streamId)?.version ?? 0;
    events.forEach((event, index) => {
      const data = JSON.stringify(event.data ?? null);
      const next = params.push(randomUUID(), streamId, fromVersion + index + 1, event.type, data, JSON.stringify(event.metadata), event.internal === true);
      const p = (offset: number) => `$${next - 6 + offset}`;
      values.push(`(${p(0)}::uuid, ${p(1)}, ${p(2)}::integer, ${p(3)}, ${p(4)}::text::jsonb, ${p(5)}::text::jsonb, ${p(6)}::boolean)`);
    });
  }
  const lastPositions = new Map<string, number>();
  if (values.length > 0) {
    // Positions must grow in the order transactions get their ids, or a reader below the xmin
    // horizon could return position 11 while the transaction holding position 10 is still open.
    // The id is assigned by the first write, this INSERT, so id and positions are taken together
    // under a lock held for this one statement only: commits still run in parallel.
    const s = quoteSchema(schema);
    const positionLock = [lockKeys.positions(schema)];
    await tx.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', positionLock);
    const { rows } = await tx.query<{ stream_id: string; last_position: number }>(
      `WITH appended AS (
         INSERT INTO ${s}.events (event_id, stream_id, stream_version, type, data, metadata, internal)
         VALUES ${values.join(', ')}
         RETURNING position, stream_id, internal
       ), outboxed AS (
         INSERT INTO ${s}.outbox (position, topic, message_key)
         SELECT position, $1, stream_id FROM appended WHERE NOT internal
       )
       SELECT stream_id, max(position) AS last_position FROM appended GROUP BY stream_id`,
      params,
    );
    // A failed INSERT leaves this lock to the SQL adapter, which releases it after the rollback.
    await tx.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', positionLock);
    for (const row of rows) lastPositions.set(row.stream_id, Number(row.last_position));
  }

  return appends.map(({ streamId, events }) => {
    const head = heads.get(streamId) ?? { version: 0, position: 0 };
    return { nextVersion: head.version + events.length, lastPosition: lastPositions.get(streamId) ?? head.position };
  });
}
