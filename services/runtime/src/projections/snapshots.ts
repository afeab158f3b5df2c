// Durable snapshots of read models kept in memory (the embedded mode), so a start does not replay
// all history. One row per projection in its service's own schema (`read_model_snapshots`): the
// documents, tombstones and per-stream checkpoints of the read model, and the global position of
// the service's event store up to which every event is in them. One row, one statement: the
// documents and their position are written together, so a snapshot is never ahead of its position
// nor behind it. It may hold events after the position (a batch applied while it was copied): the
// documents' `_applied` markers make their replay at the next start change nothing.
//
// A snapshot is only good for the projection code that made it: `version` (the projection's own
// `version`, or a hash of its decode/documentId/evolve source) must match, else the start rebuilds.
import { createHash } from 'node:crypto';
import { quoteSchema } from '../event-store/schema';
import type { SqlClient } from '../sql/types';
import type { Checkpoint } from './checkpoints';
import type { StoredDocument, Tombstone } from './runner-fields';
import type { Projection } from './types';

export interface ReadModelSnapshot {
  /** every event of the service's store up to here is applied in the documents */
  position: number;
  documents: StoredDocument<any>[];
  tombstones: Tombstone[];
  checkpoints: Checkpoint[];
}

export interface ReadModelSnapshots {
  /** null when none was taken, or it was taken by other projection code (`version`) */
  load(projection: string, version: string): Promise<ReadModelSnapshot | null>;
  save(projection: string, version: string, snapshot: ReadModelSnapshot): Promise<void>;
}

/**
 * What a snapshot is valid for: the projection's `version` when it declares one, else a hash of its
 * code. A change in a helper that `evolve` calls is not in the hash: such a change bumps `version`.
 */
export function projectionVersion(projection: Projection<any, any>): string {
  if (projection.version) return `v:${projection.version}`;
  const code = [projection.collection, ...projection.topics, String(projection.decode), String(projection.documentId), String(projection.evolve)];
  return `h:${createHash('sha256').update(code.join('\0')).digest('base64url').slice(0, 22)}`;
}

export function createSqlReadModelSnapshots(sql: SqlClient, schema: string): ReadModelSnapshots {
  const table = `${quoteSchema(schema)}.read_model_snapshots`;
  let ready: Promise<unknown> | undefined;
  const init = () =>
    (ready ??= (async () => {
      await sql.query(`CREATE SCHEMA IF NOT EXISTS ${quoteSchema(schema)}`);
      await sql.query(`
        CREATE TABLE IF NOT EXISTS ${table} (
          projection text PRIMARY KEY,
          version    text NOT NULL,
          position   bigint NOT NULL,
          taken_at   timestamptz NOT NULL DEFAULT now(),
          body       text NOT NULL
        )`);
    })());
  return {
    async load(projection, version) {
      await init();
      const { rows } = await sql.query<{ version: string; position: string | number; body: string }>(
        `SELECT version, position, body FROM ${table} WHERE projection = $1`,
        [projection],
      );
      const row = rows[0];
      if (!row || row.version !== version) return null;
      const body = JSON.parse(row.body) as Omit<ReadModelSnapshot, 'position'>;
      return { ...body, position: Number(row.position) };
    },
    async save(projection, version, { position, ...body }) {
      await init();
      // text, not jsonb: it is only ever read back whole, and PGlite parses jsonb slowly
      await sql.query(
        `INSERT INTO ${table} (projection, version, position, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (projection) DO UPDATE SET version = EXCLUDED.version, position = EXCLUDED.position,
           taken_at = now(), body = EXCLUDED.body`,
        [projection, version, position, JSON.stringify(body)],
      );
    },
  };
}
