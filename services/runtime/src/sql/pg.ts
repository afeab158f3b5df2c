// SqlClient on a real Postgres server through a `pg` Pool: one pooled connection per query, a
// dedicated connection per transaction. int8 (bigserial positions, counts) comes back as a number.
import { Client, Pool, types, type PoolClient, type PoolConfig } from 'pg';
import { parseInt8 } from './int8';
import type { SqlClient, SqlExecutor, SqlListener, SqlRows } from './types';

const INT8_OID = 20;

const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === INT8_OID && format !== 'binary' ? parseInt8 : types.getTypeParser(oid, format)) as typeof types.getTypeParser;

export function createPgClient(config: string | PoolConfig): SqlClient {
  const poolConfig: PoolConfig = typeof config === 'string' ? { connectionString: config } : config;
  const pool = new Pool({ ...poolConfig, types: { getTypeParser } });
  // An idle connection dropped by the server must not crash the process: the pool discards it and
  // the next query opens a new one.
  pool.on('error', () => {});

  const executorOf = (client: Pool | PoolClient): SqlExecutor => ({
    async query<Row>(text: string, params?: unknown[]): Promise<SqlRows<Row>> {
      const result = await client.query(text, params as unknown[] | undefined);
      return { rows: result.rows as Row[] };
    },
  });

  return {
    ...executorOf(pool),
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      // A connection the server drops while this transaction holds it (a Postgres restart, an
      // administrator's terminate) emits 'error' on the client, not on the pool, whenever no query
      // of ours is waiting on it: unheard, that event crashed the whole process (found by the
      // fault-injection suite, test/faults). Heard, the next query fails and the connection is dropped.
      const onError = (error: Error) => {
        broken = error;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await work(executorOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
          // Work may hold a session-level advisory lock for a short critical section; a failure
          // inside it must not hand the connection back to the pool still holding the lock.
          await client.query('SELECT pg_advisory_unlock_all()');
        } catch (rollbackError) {
          broken = rollbackError as Error;
        }
        throw error;
      } finally {
        // a connection that could not roll back (or that the server dropped) is destroyed rather than reused
        client.off('error', onError);
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
    listen: (channel, onNotify) => listenOn({ ...poolConfig, types: { getTypeParser } }, channel, onNotify),
  };
}

/** LISTEN on a connection of its own, outside the pool (a pooled one would go back with it). */
function listenOn(config: PoolConfig, channel: string, onNotify: () => void): SqlListener {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`channel "${channel}" must be a lower-case SQL identifier`);
  let closed = false;
  let client: Client | undefined;
  let retryMs = 100;
  let timer: NodeJS.Timeout | undefined;
  const wake = () => {
    try {
      onNotify();
    } catch {
      // a broken listener must not take the connection down
    }
  };
  const reconnectLater = () => {
    if (closed) return;
    timer = setTimeout(connect, retryMs);
    timer.unref();
    retryMs = Math.min(retryMs * 2, 30_000);
  };
  const connect = async () => {
    const connection = new Client(config);
    // a dropped connection emits 'error' then 'end': unheard, 'error' would crash the process
    connection.on('error', () => {});
    connection.on('end', () => {
      if (client !== connection) return;
      client = undefined;
      reconnectLater();
    });
    connection.on('notification', (message) => {
      if (message.channel === channel) wake();
    });
    try {
      await connection.connect();
      await connection.query(`LISTEN "${channel}"`);
    } catch {
      await connection.end().catch(() => {});
      reconnectLater();
      return;
    }
    if (closed) {
      await connection.end().catch(() => {});
      return;
    }
    client = connection;
    retryMs = 100;
    // what was notified while no connection listened is lost: look once now
    wake();
  };
  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      const connection = client;
      client = undefined;
      await connection?.end().catch(() => {});
    },
  };
}
