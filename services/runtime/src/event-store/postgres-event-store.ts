// The event store on Postgres (a server or PGlite), one schema per service. Appends check the
// expected version under a per-stream lock and write the outbox in the same transaction, concurrent
// appends sharing one transaction (group-commit.ts); readAll only returns events that no slower
// transaction can still precede.
import type { RecordedEvent } from '@candor/contracts';
import type { SqlClient } from '../sql/types';
import { withSpan } from '../telemetry/tracing';
import { checkAppends, streamHead, type StreamAppend } from './append';
import { createGroupCommit, type GroupCommitOptions } from './group-commit';
import { eventColumns, toRecordedEvent, type EventRow } from './rows';
import { createEventStoreTables, outboxChannel, quoteSchema } from './schema';
import { ConcurrencyError, type AppendResult, type EventStore } from './types';

export interface Appended extends AppendResult {
  streamId: string;
}

export interface PostgresEventStore extends EventStore {
  /** the bus topic its outbox publishes to */
  readonly topic: string;
  /** Called after every committed append, in this process only: lets a relay wake at once. */
  onAppended(listener: (appended: Appended) => void): () => void;
  /**
   * Called after appends of any process commit outbox rows, on real Postgres (LISTEN/NOTIFY on
   * the schema's channel), and once after each (re)connection of the listener; never on PGlite
   * (one process: `onAppended` is the whole truth). Returns the unsubscribe.
   */
  onCommittedAnywhere(listener: () => void): () => void;
}

export interface PostgresEventStoreOptions {
  sql: SqlClient;
  /** the owning service's Postgres schema, e.g. `invite` */
  schema: string;
  /** the bus topic its outbox rows are published to */
  topic: string;
  /** how concurrent appends are grouped into transactions */
  groupCommit?: GroupCommitOptions;
}

export function createPostgresEventStore({ sql, schema, topic, groupCommit }: PostgresEventStoreOptions): PostgresEventStore {
  const s = quoteSchema(schema);
  // on a real server (`sql.listen`), appends NOTIFY so the relays of other processes wake at once
  const notifyChannel = sql.listen ? outboxChannel(schema) : undefined;
  const write = createGroupCommit({ sql, schema, topic, notifyChannel }, groupCommit);
  const listeners = new Set<(appended: Appended) => void>();

  const notify = (appended: Appended) => {
    for (const listener of listeners) {
      try {
        listener(appended);
      } catch {
        // a broken listener must not fail an append that is already committed
      }
    }
  };

  const appendMany = async (appends: StreamAppend[]): Promise<AppendResult[]> => {
    checkAppends(appends);
    const attributes = {
      'db.system': 'postgresql',
      'candor.stream_ids': appends.map((append) => append.streamId).join(','),
      'candor.event_count': appends.reduce((count, append) => count + append.events.length, 0),
    };
    return withSpan('event-store append', { attributes }, async (span) => {
      let results: AppendResult[];
      try {
        results = await write(appends);
      } catch (error) {
        // Only reachable when a writer bypassed the stream lock; it is still a version conflict.
        if ((error as { constraint?: string }).constraint === 'events_stream_version_unique') {
          const [first] = appends;
          const streamId = first?.streamId ?? '';
          throw new ConcurrencyError(streamId, first?.expectedVersion ?? 'any', (await streamHead(sql, schema, streamId)).version);
        }
        throw error;
      }
      span.setAttribute('candor.last_position', Math.max(0, ...results.map((result) => result.lastPosition)));
      appends.forEach(({ streamId, events }, index) => {
        const result = results[index];
        if (result && events.length > 0) notify({ streamId, ...result });
      });
      return results;
    });
  };

  return {
    topic,
    async init() {
      await sql.transaction((tx) => createEventStoreTables(tx, schema));
    },

    async append(streamId, events, { expectedVersion }) {
      const [result] = await appendMany([{ streamId, events, expectedVersion }]);
      return result as AppendResult;
    },

    appendMany,

    async readStream(streamId) {
      const { rows } = await sql.query<EventRow>(
        `SELECT ${eventColumns()} FROM ${s}.events WHERE stream_id = $1 ORDER BY stream_version`,
        [streamId],
      );
      return rows.map(toRecordedEvent);
    },

    async readAll({ after, limit }): Promise<RecordedEvent[]> {
      // Only rows of transactions older than every transaction still in flight: one in flight may
      // yet commit a lower position, and a cursor moved past it would skip that event forever.
      const { rows } = await sql.query<EventRow>(
        `SELECT ${eventColumns()} FROM ${s}.events
          WHERE position > $1 AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          ORDER BY position LIMIT $2`,
        [after, limit],
      );
      return rows.map(toRecordedEvent);
    },

    onAppended(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    onCommittedAnywhere(listener) {
      if (!sql.listen || !notifyChannel) return () => {};
      const listening = sql.listen(notifyChannel, listener);
      return () => void listening.close();
    },
  };
}
