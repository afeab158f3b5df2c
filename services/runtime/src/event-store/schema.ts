// The tables of one service's event store, in the service's own Postgres schema: `events` (the
// append-only log) and `outbox` (what the relay still has to put on the bus).
import type { SqlExecutor } from '../sql/types';

/** Schema names are interpolated into SQL, so only plain lower-case identifiers are accepted. */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`schema name "${schema}" must be a lower-case SQL identifier`);
  }
  return `"${schema}"`;
}

/** Advisory lock keys, namespaced so the event store, the init and the relay never share one. */
export const lockKeys = {
  init: (schema: string) => `candor.event-store.init:${schema}`,
  positions: (schema: string) => `candor.event-store.positions:${schema}`,
  relay: (schema: string) => `candor.outbox.relay:${schema}`,
};

/**
 * The channel an event store NOTIFYs in the transaction of an append that wrote outbox rows (real
 * Postgres only), so relays in other processes wake at its commit. Long schema names are cut (a
 * channel is an identifier of at most 63 bytes): two schemas sharing a channel only wake each
 * other's relays for nothing.
 */
export const outboxChannel = (schema: string) => `candor_outbox_${quoteSchema(schema).slice(1, -1)}`.slice(0, 63);

export async function createEventStoreTables(tx: SqlExecutor, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  // Already there: skip the DDL, whose locks (CREATE INDEX IF NOT EXISTS takes one even when the
  // index exists) would make a booting replica wait for the appends of the running ones.
  const { rows } = await tx.query<{ ready: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS ready`, [`${s}.outbox_unpublished`]);
  if (rows[0]?.ready) return;
  // Replicas may boot together: concurrent CREATE ... IF NOT EXISTS can still collide in the catalog.
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockKeys.init(schema)]);
  await tx.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  await tx.query(`
    CREATE TABLE IF NOT EXISTS ${s}.events (
      position        bigserial PRIMARY KEY,
      event_id        uuid NOT NULL UNIQUE,
      stream_id       text NOT NULL,
      stream_version  integer NOT NULL CHECK (stream_version > 0),
      type            text NOT NULL,
      data            jsonb NOT NULL,
      metadata        jsonb NOT NULL,
      internal        boolean NOT NULL DEFAULT false,
      recorded_at     timestamptz NOT NULL DEFAULT now(),
      -- the writing transaction: readers only trust rows below the oldest transaction in flight
      transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
      CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
    )`);
  await tx.query(`
    CREATE TABLE IF NOT EXISTS ${s}.outbox (
      position      bigint PRIMARY KEY REFERENCES ${s}.events (position),
      topic         text NOT NULL,
      message_key   text NOT NULL,
      published_at  timestamptz
    )`);
  await tx.query(`CREATE INDEX IF NOT EXISTS outbox_unpublished ON ${s}.outbox (position) WHERE published_at IS NULL`);
}
