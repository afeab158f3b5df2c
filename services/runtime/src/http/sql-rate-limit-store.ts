// Rate-limit counters in the service's own database (`<schema>.rate_limits`), so every replica of a
// service counts together: a guesser spread over replicas gets one budget, not one per process.
// Postgres in the distributed mode (already in the stack, so no Redis to run), PGlite in the
// embedded one. One row per key and limiter: a fixed window that starts at the key's first hit,
// counted with one upsert (atomic under concurrency: the row lock orders the increments).
// Expired rows are pruned now and then by the increments themselves.
import type { Store, IncrementResponse, Options } from 'express-rate-limit';
import type { SqlClient } from '../sql';

/** A store for the limiter named `name` (each limiter its own counters). */
export type RateLimitStores = (name: string) => Store;

export function sqlRateLimitStores(sql: SqlClient, schema: string): RateLimitStores {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
  const table = `${schema}.rate_limits`;
  let ready: Promise<unknown> | undefined;
  const create = async () => {
    await sql.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await sql.query(
      `CREATE TABLE IF NOT EXISTS ${table} (key text PRIMARY KEY, hits integer NOT NULL, reset_at timestamptz NOT NULL)`,
    );
  };
  const ensure = () =>
    // two replicas creating the table at the same moment: one of them fails once; trying again sees it
    (ready ??= create()
      .catch(create)
      .catch((error: unknown) => {
        ready = undefined;
        throw error;
      }));
  let increments = 0;

  return (name) => {
    let windowMs = 60_000;
    const keyOf = (key: string) => `${name}:${key}`;
    return {
      localKeys: false,
      prefix: `${name}:`,
      init(options: Options) {
        windowMs = options.windowMs;
      },
      async increment(key): Promise<IncrementResponse> {
        await ensure();
        const { rows } = await sql.query<{ hits: number; reset_at: Date | string }>(
          `INSERT INTO ${table} AS r (key, hits, reset_at)
             VALUES ($1, 1, now() + make_interval(secs => $2::double precision / 1000))
           ON CONFLICT (key) DO UPDATE SET
             hits = CASE WHEN r.reset_at <= now() THEN 1 ELSE r.hits + 1 END,
             reset_at = CASE WHEN r.reset_at <= now() THEN EXCLUDED.reset_at ELSE r.reset_at END
           RETURNING hits, reset_at`,
          [keyOf(key), windowMs],
        );
        if (++increments % 500 === 0) void sql.query(`DELETE FROM ${table} WHERE reset_at < now()`).catch(() => undefined);
        const row = rows[0]!;
        return { totalHits: Number(row.hits), resetTime: new Date(row.reset_at) };
      },
      async decrement(key) {
        await ensure();
        await sql.query(`UPDATE ${table} SET hits = GREATEST(hits - 1, 0) WHERE key = $1`, [keyOf(key)]);
      },
      async resetKey(key) {
        await ensure();
        await sql.query(`DELETE FROM ${table} WHERE key = $1`, [keyOf(key)]);
      },
    };
  };
}
