// One append transaction's statements: per-stream locks, then one statement that checks the
// versions and writes every event and its outbox row. group-commit.ts runs them for one group of
// concurrent appends; `resultsOf` turns the heads read into each append's result or conflict.
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

interface HeadRow {
  stream_id: string;
  version: number;
  position: number;
  last_position: number | null;
}

/** Takes the streams' transaction-level locks; must be its own statement (see below). */
export async function lockStreams(tx: SqlExecutor, schema: string, streamIds: string[]): Promise<void> {
  // In a fixed order so two multi-stream appends cannot deadlock, and in their own statement: the
  // next statement's snapshot is then taken after we hold them, so the heads it reads are current.
  // Advisory locks and reads give the transaction no id yet; that matters in writeStreams.
  await tx.query(
    `SELECT pg_advisory_xact_lock(hashtext($1), hashtext(stream_id))
       FROM unnest($2::text[]) WITH ORDINALITY AS s(stream_id, n) ORDER BY n`,
    [schema, [...streamIds].sort()],
  );
}

export type Heads = Map<string, HeadRow>;

/**
 * Runs inside the caller's transaction, after lockStreams for every stream of `appends`. Writes
 * nothing at all when any append's expected version is not its stream's version; returns the heads
 * read (and the last position written per stream).
 */
export async function writeStreams(
  tx: SqlExecutor,
  { schema, topic, notifyChannel }: { schema: string; topic: string; notifyChannel?: string },
  appends: StreamAppend[],
): Promise<Heads> {
  const s = quoteSchema(schema);
  const params: unknown[] = [topic, lockKeys.positions(schema), appends.map((a) => a.streamId), appends.map((a) => (a.expectedVersion === 'any' ? null : a.expectedVersion))];
  const values: string[] = [];
  for (const { streamId, events } of appends) {
    events.forEach((event, index) => {
      const data = JSON.stringify(event.data ?? null);
      const next = params.push(randomUUID(), streamId, index + 1, event.type, data, JSON.stringify(event.metadata), event.internal === true, values.length);
      const p = (offset: number) => `$${next - 7 + offset}`;
      values.push(`(${p(0)}::uuid, ${p(1)}, ${p(2)}::integer, ${p(3)}, ${p(4)}::text::jsonb, ${p(5)}::text::jsonb, ${p(6)}::boolean, ${p(7)}::integer)`);
    });
  }
  // NOTIFY (real Postgres, see schema.ts outboxChannel) when outbox rows were written: delivered at
  // commit, dropped with a rollback, and sent once per transaction however often a group's retry
  // runs the statement (Postgres folds equal notifications of one transaction).
  const notify = notifyChannel
    ? `, (SELECT pg_notify($${params.push(notifyChannel)}, '') FROM (SELECT 1 FROM appended WHERE NOT internal LIMIT 1) AS outboxed_any) AS notified`
    : '';
  // With nothing to insert there is no position to take: only the heads are read.
  if (values.length === 0) values.push('(NULL::uuid, NULL, NULL::integer, NULL, NULL::jsonb, NULL::jsonb, NULL::boolean, NULL::integer)');

  // One statement: read the heads, check them, insert every event and its outbox row.
  // Positions must grow in the order transactions get their ids, or a reader below the xmin
  // horizon could return position 11 while the transaction holding position 10 is still open.
  // The id is assigned by the first write, this INSERT, so id and positions are taken together
  // under a lock held for this one statement only (commits still run in parallel): `heads` takes
  // it before any row can be inserted, and the final SELECT releases it once every row is in (it
  // reads `positions`, which needs all of `appended`). If the statement fails, the lock is left to
  // the SQL adapter, which releases it after the rollback.
  const { rows } = await tx.query<HeadRow>(
    `WITH locked AS MATERIALIZED (
       SELECT pg_advisory_lock(hashtextextended($2, 0))
     ), heads AS MATERIALIZED (
       SELECT s.stream_id, s.expected,
              coalesce((SELECT max(e.stream_version) FROM ${s}.events e WHERE e.stream_id = s.stream_id), 0) AS version,
              coalesce((SELECT max(e.position) FROM ${s}.events e WHERE e.stream_id = s.stream_id), 0) AS position
         FROM locked, unnest($3::text[], $4::integer[]) AS s(stream_id, expected)
     ), appended AS (
       INSERT INTO ${s}.events (event_id, stream_id, stream_version, type, data, metadata, internal)
       SELECT v.event_id, v.stream_id, h.version + v.offset_in_stream, v.type, v.data, v.metadata, v.internal
         FROM (VALUES ${values.join(', ')}) AS v(event_id, stream_id, offset_in_stream, type, data, metadata, internal, n)
         JOIN heads h ON h.stream_id = v.stream_id
        WHERE NOT EXISTS (SELECT 1 FROM heads WHERE expected IS NOT NULL AND expected <> version)
        ORDER BY v.n
       RETURNING position, stream_id, internal
     ), outboxed AS (
       INSERT INTO ${s}.outbox (position, topic, message_key)
       SELECT position, $1, stream_id FROM appended WHERE NOT internal
     ), positions AS (
       SELECT stream_id, max(position) AS last_position FROM appended GROUP BY stream_id
     )
     SELECT h.stream_id, h.version, h.position, p.last_position,
            (SELECT pg_advisory_unlock(hashtextextended($2, 0))) AS unlocked${notify}
       FROM heads h LEFT JOIN positions p ON p.stream_id = h.stream_id`,
    params,
  );

  return new Map(rows.map((row) => [row.stream_id, row]));
}

/** One append's results from the heads its statement read; throws its ConcurrencyError. */
export function resultsOf(appends: StreamAppend[], heads: Heads): AppendResult[] {
  return appends.map(({ streamId, events, expectedVersion }) => {
    const head = heads.get(streamId);
    const version = Number(head?.version ?? 0);
    if (expectedVersion !== 'any' && expectedVersion !== version) throw new ConcurrencyError(streamId, expectedVersion, version);
    const lastPosition = head?.last_position ?? head?.position ?? 0;
    return { nextVersion: version + events.length, lastPosition: Number(lastPosition) };
  });
}
