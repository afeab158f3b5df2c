// Pruning the outbox: a row has done its job once the bus acknowledged it (`published_at` set), and
// the event itself stays in `events`, so published rows are deleted — after `keepPublishedMs` (a
// window to look at what went out recently), in batches so that a large backlog of old rows never
// becomes one long transaction holding locks. Safe beside the relay: the relay reads and marks only
// rows whose `published_at` is null, and this deletes only rows where it is not.
import { quoteSchema } from '../event-store/schema';
import type { SqlClient } from '../sql/types';

export interface OutboxPruning {
  /** keep published rows this long (default 10 minutes) */
  keepPublishedMs?: number;
  /** rows per DELETE (default 1,000) */
  batchSize?: number;
}

/** Deletes published rows older than `keepPublishedMs`, batch after batch; returns how many. */
export async function pruneOutbox(sql: SqlClient, schema: string, options: OutboxPruning = {}): Promise<number> {
  const s = quoteSchema(schema);
  const keepSeconds = (options.keepPublishedMs ?? 10 * 60_000) / 1000;
  const batchSize = options.batchSize ?? 1000;
  let total = 0;
  for (;;) {
    const { rows } = await sql.query<{ pruned: number | string }>(
      `WITH pruned AS (
         DELETE FROM ${s}.outbox WHERE position IN (
           SELECT position FROM ${s}.outbox
            WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => $1)
            ORDER BY position LIMIT $2)
         RETURNING 1)
       SELECT count(*) AS pruned FROM pruned`,
      [keepSeconds, batchSize],
    );
    const pruned = Number(rows[0]?.pruned ?? 0);
    total += pruned;
    if (pruned < batchSize) return total;
  }
}
