// What every service process runs around its domain: its event store (one schema per service), the
// outbox relay that publishes it, and one projection runner per read model it keeps. The embedded
// mode runs several hosts in one process on shared adapters; a service's own main runs one.
import type { Projection } from '../projections/types';
import type { DocumentStore } from '../documents/types';
import type { DeadLetterOptions, MessageBus } from '../bus/types';
import type { SqlClient } from '../sql/types';
import type { Logger } from '../logging';
import { createPostgresEventStore, withStreamCache, type PostgresEventStore } from '../event-store';
import { createOutboxRelay } from '../outbox';
import { createProjectionRunner, type ProjectionRunner } from '../projections';
import { createSqlReadModelSnapshots } from '../projections/snapshots';

export interface ServiceHostOptions {
  name: string;
  schema: string;
  topic: string;
  sql: SqlClient;
  bus: MessageBus;
  documents: DocumentStore;
  projections: Projection<any, any>[];
  logger: Logger;
  /** replay the event store into the read models before consuming (embedded memory store) */
  rebuildOnStart?: boolean;
  /**
   * with `rebuildOnStart`: keep snapshots of the read models in the service's schema, and start from
   * the last one plus the events after it instead of all history (embedded memory store)
   */
  snapshotReadModels?: boolean;
  /** run the outbox relay in this process (default true) */
  relay?: boolean;
  /**
   * consume the projections' topics in this process (default true); without, the runners are
   * built but not started, and their waitFor reads the shared checkpoints another process writes
   */
  consume?: boolean;
  /** park events the projections keep failing on (see ProjectionRunnerOptions) */
  deadLetter?: DeadLetterOptions;
  /**
   * This process is the store's only writer (the embedded mode): it keeps the streams it read until
   * they are appended to (event-store/stream-cache.ts), and its relay, woken by every append, polls
   * only as a safety net (every 5 s instead of 500 ms: seven idle relays polling PGlite on the one
   * event loop cost a tenth of a core).
   */
  soleWriter?: boolean;
  /** how long stop() tries to publish the outbox's last rows (default 5 s) */
  drainTimeoutMs?: number;
}

export interface ServiceHost {
  store: PostgresEventStore;
  runners: Record<string, ProjectionRunner>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createServiceHost(options: ServiceHostOptions): ServiceHost {
  const logger = options.logger.child({ service: options.name });
  const postgresStore = createPostgresEventStore({ sql: options.sql, schema: options.schema, topic: options.topic });
  const store = options.soleWriter ? withStreamCache(postgresStore) : postgresStore;
  const runners: Record<string, ProjectionRunner> = {};
  const snapshots =
    options.rebuildOnStart && options.snapshotReadModels ? createSqlReadModelSnapshots(options.sql, options.schema) : undefined;
  for (const projection of options.projections) {
    runners[projection.name] = createProjectionRunner({
      projection,
      bus: options.bus,
      documents: options.documents,
      eventStore: store,
      logger,
      deadLetter: options.deadLetter,
      snapshots,
    });
  }
  const relay =
    options.relay === false
      ? undefined
      : createOutboxRelay({
          sql: options.sql,
          schema: options.schema,
          bus: options.bus,
          logger,
          // woken by this process's appends, and on a real server by every process's commits
          // (LISTEN/NOTIFY): the poll is then only the safety net for a notification lost while
          // the listener reconnects, every 2 s instead of 500 ms
          wake: (listener) => {
            const local = store.onAppended(listener);
            const anywhere = store.onCommittedAnywhere(listener);
            return () => {
              local();
              anywhere();
            };
          },
          ...(options.soleWriter ? { pollIntervalMs: 5_000 } : options.sql.listen ? { pollIntervalMs: 2_000 } : {}),
        });

  return {
    store,
    runners,
    async start() {
      await store.init();
      const topics = new Set([options.topic, ...options.projections.flatMap((projection) => projection.topics)]);
      await options.bus.ensureTopics([...topics]);
      for (const runner of Object.values(runners)) {
        if (snapshots) {
          const began = performance.now();
          const caughtUp = await runner.catchUp();
          // what a start cost: the events after the last snapshot (all history only without one)
          logger.info({ projection: runner.name, ...caughtUp, ms: Math.round(performance.now() - began) }, 'read model caught up');
        } else if (options.rebuildOnStart) await runner.rebuild();
        if (options.consume !== false) await runner.start();
      }
      await relay?.start();
    },
    async stop() {
      await relay?.stop();
      // what the last requests appended goes out now rather than with the next replica's relay
      // (bounded: with the bus down the rows simply stay in the outbox)
      if (relay) {
        let timer: NodeJS.Timeout | undefined;
        const bounded = new Promise<void>((resolve) => (timer = setTimeout(resolve, options.drainTimeoutMs ?? 5_000)));
        await Promise.race([relay.drain().catch((error: unknown) => logger.warn({ err: error }, 'outbox not drained at stop; the rows stay for the next start')), bounded]);
        clearTimeout(timer);
      }
      for (const runner of Object.values(runners)) await runner.stop();
    },
  };
}
