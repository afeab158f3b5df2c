// Durable checkpoints of policies in the embedded mode: per (policy, source topic), the global
// position in the source's event store up to which every event has been handled. The in-process bus
// forgets what it held at a stop, so a start replays the source's store from here, not from the
// beginning: the start's cost follows what happened while the process was down, not all history.
// Kept in the policy owner's own schema (a policy's progress is its service's state).
import { quoteSchema } from '../event-store/schema';
import type { SqlClient } from '../sql/types';

export interface PolicyCheckpoints {
  /** 0 when the policy never recorded one for this source */
  load(policy: string, source: string): Promise<number>;
  /** moves the checkpoint forward (never back: a late, lower save changes nothing) */
  save(policy: string, source: string, position: number): Promise<void>;
}

export function createSqlPolicyCheckpoints(sql: SqlClient, schema: string): PolicyCheckpoints {
  const table = `${quoteSchema(schema)}.policy_checkpoints`;
  let ready: Promise<unknown> | undefined;
  const init = () =>
    (ready ??= sql.query(`
      CREATE TABLE IF NOT EXISTS ${table} (
        policy    text NOT NULL,
        source    text NOT NULL,
        position  bigint NOT NULL,
        PRIMARY KEY (policy, source)
      )`));
  return {
    async load(policy, source) {
      await init();
      const { rows } = await sql.query<{ position: string | number }>(`SELECT position FROM ${table} WHERE policy = $1 AND source = $2`, [policy, source]);
      return rows[0] ? Number(rows[0].position) : 0;
    },
    async save(policy, source, position) {
      await init();
      await sql.query(
        `INSERT INTO ${table} (policy, source, position) VALUES ($1, $2, $3)
         ON CONFLICT (policy, source) DO UPDATE SET position = GREATEST(${table}.position, EXCLUDED.position)`,
        [policy, source, position],
      );
    },
  };
}
