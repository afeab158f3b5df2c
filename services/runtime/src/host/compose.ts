// One composition per service. Each service has one `compose<Name>Service(config, adapters)` that
// both ways of running call — the embedded mode (every service in one process) and the service's
// own `main` (distributed mode) — so the wiring is written once and cannot drift between them. The
// modes only choose the adapters (PGlite or Postgres, the in-process bus or Kafka, memory or Mongo
// documents) and parse their configuration once; everything after that is here and in the service.
//
// `composeService` is the part every service shares: its event store, outbox relay and projection
// runners (the host), the service's own factory, and its policies on the bus.
import type { Server } from 'node:http';
import type { Router } from 'express';
import type { ConsumerGroupRunner, DeadLetterOptions, MessageBus } from '../bus/types';
import type { DocumentStore } from '../documents/types';
import { sqlRateLimitStores, type RateLimitStores } from '../http/sql-rate-limit-store';
import type { Logger } from '../logging';
import { createPolicyRunner, type Policy, type PolicySource } from '../policies';
import { createSqlPolicyCheckpoints } from '../policies/policy-checkpoints';
import type { Projection } from '../projections/types';
import type { SqlClient } from '../sql/types';
import type { MetricsHook } from '../telemetry/metrics-hook';
import { createServiceHost, type ServiceHost } from './service-host';

/**
 * Which part of a service a process runs (distributed mode, CANDOR_ROLE):
 * - `all`: everything (the default, and the embedded mode);
 * - `commands`: the HTTP API and the outbox relay; its projection runners are built but do not
 *   consume, so a `GET ?waitFor` still answers, from the shared checkpoints (projections/
 *   checkpoints.ts polls them); its policies do not run;
 * - `consumers`: the projections and policies on the bus, no API routes and no relay.
 * A `commands` process and a `consumers` process together are one whole service on two cores:
 * the command side's event loop no longer applies read models (docs/benchmarks.md, round 4).
 */
export type ProcessRole = 'all' | 'commands' | 'consumers';

/** What a mode hands a service's composition: the adapters, chosen by the mode. */
export interface ServiceAdapters {
  sql: SqlClient;
  bus: MessageBus;
  documents: DocumentStore;
  logger: Logger;
  /**
   * Embedded mode: the in-process bus forgets what it held at a stop, so read models are rebuilt
   * from the event store at start, and policies first replay these stores (their sources' history;
   * handlers are idempotent). A distributed service keeps Kafka's committed offsets instead.
   */
  rebuildOnStart?: boolean;
  /**
   * With `rebuildOnStart` (read models in memory): snapshot them into the service's schema and start
   * from the last snapshot plus the events after it, so a start does not replay all history.
   */
  snapshotReadModels?: boolean;
  replayPolicySources?: PolicySource[];
  /** with `replayPolicySources`: the service's own store too (a policy that follows its own events) */
  replayOwnStore?: boolean;
  /**
   * Park events the policies and projections keep failing on in their group's dead-letter topic
   * (`npm run dlq` replays them). Without it a failing event is retried for ever.
   */
  deadLetter?: DeadLetterOptions;
  /**
   * Where the composition registers the service's own metrics, served on the
   * process's /metrics with the common ones. Absent (a test's composition): `noMetrics`.
   */
  metrics?: MetricsHook;
  /**
   * Embedded mode: this process is the only one using the database (PGlite lets no other open it),
   * so what is counted or read in its memory is the whole truth: rate-limit counters live in memory
   * (rateLimitStoresOf), the event stores keep the streams they read until they are appended to
   * (event-store/stream-cache.ts) and the outbox relays poll less (service-host.ts `soleWriter`).
   * Never with replicas: they write the same database.
   */
  soleProcess?: boolean;
  /** which part of the service this process runs (default `all`) */
  role?: ProcessRole;
}

/**
 * Where a service's rate-limit counters live: in its database (`<schema>.rate_limits`), so every
 * replica counts together; or, when the mode says the process is the only one (`soleProcess`), in
 * its memory (express-rate-limit's own store, `undefined` here): the same budgets without a database
 * write per request — a candidate link open made four upserts on PGlite, on the event loop that also
 * serves the request (docs/benchmarks.md, "Candidate link open"). A restart of that one process
 * forgets the counts: they are for minutes-long windows, not for history.
 */
export function rateLimitStoresOf(adapters: ServiceAdapters, schema: string): RateLimitStores | undefined {
  return adapters.soleProcess ? undefined : sqlRateLimitStores(adapters.sql, schema);
}

/** The name, Postgres schema, Kafka topic and API path of a service (its `…Service` constant). */
export interface ServiceIdentity {
  name: string;
  schema: string;
  topic: string;
  mountPath: string;
}

/** What a service's factory answers; `composeService` runs the rest. */
export interface BuiltService {
  router: Router;
  policies?: Policy[];
  /** takes over what the HTTP server does besides requests (e.g. WebSocket upgrades) once it listens */
  attach?(server: Server): void;
  /** releases what the HTTP server would wait for (sockets, media workers) before it closes */
  close?(): Promise<void>;
  /** releases the rest (an SMTP pool) once the policies and the host have stopped */
  stop?(): Promise<void>;
}

/** A composed, started service: the mode mounts `router` at `mountPath` and calls close/stop. */
export interface ComposedService extends ServiceIdentity {
  host: ServiceHost;
  router: Router;
  /** the consumer groups it runs (its projections, then its policies), for readiness and lag metrics */
  consumers: ConsumerGroupRunner[];
  attach(server: Server): void;
  /** before the HTTP server closes: sockets and workers the server would otherwise wait for */
  close(): Promise<void>;
  /** after the HTTP server closed: policies, projection runners, the relay, then what the service
   * holds (not the adapters: they are the mode's) */
  stop(): Promise<void>;
}

/**
 * Starts a service's host on the given adapters (read models rebuilt first when asked), builds the
 * service with `build`, then runs its policies on the bus. Whatever else `build` answers (a
 * service's handles such as identity's `accounts`) is passed through on the result.
 */
export async function composeService<Built extends BuiltService>(
  identity: ServiceIdentity,
  projections: Projection<any, any>[],
  adapters: ServiceAdapters,
  build: (host: ServiceHost) => Built | Promise<Built>,
): Promise<ComposedService & Omit<Built, keyof BuiltService>> {
  const { sql, bus, documents, logger, rebuildOnStart, snapshotReadModels, deadLetter } = adapters;
  const role = adapters.role ?? 'all';
  const host = createServiceHost({
    ...identity,
    projections,
    sql,
    bus,
    documents,
    logger,
    rebuildOnStart,
    snapshotReadModels,
    deadLetter,
    soleWriter: adapters.soleProcess,
    relay: role !== 'consumers',
    consume: role !== 'commands',
  });
  await host.start();
  let built: Built;
  try {
    built = await build(host);
  } catch (error) {
    await host.stop();
    throw error;
  }
  const sources = [...(adapters.replayPolicySources ?? []), ...(adapters.replayOwnStore ? [host.store] : [])];
  // Replaying policies (embedded mode) keep durable checkpoints in the service's own schema, so a
  // start replays what happened since, not all history.
  const checkpoints = sources.length ? createSqlPolicyCheckpoints(sql, identity.schema) : undefined;
  // a `commands` process runs no consumer: its policies run in the `consumers` process
  const policies = (role === 'commands' ? [] : (built.policies ?? [])).map((policy) => ({
    policy,
    runner: createPolicyRunner({ policy, bus, logger, deadLetter, checkpoints }),
  }));
  try {
    for (const { policy, runner } of policies) {
      // only the stores whose topics the policy follows (a store without a topic: all of it)
      const followed = sources.filter((source) => !source.topic || policy.topics.includes(source.topic));
      if (followed.length) await runner.replay(followed);
      await runner.start();
    }
  } catch (error) {
    // a half-started service releases what it took, so the mode can close its adapters and exit
    for (const { runner } of policies) await runner.stop().catch(() => {});
    await built.close?.().catch(() => {});
    await host.stop();
    await built.stop?.().catch(() => {});
    throw error;
  }
  let closing: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  const { router, policies: _policies, attach: _attach, close: _close, stop: _stop, ...handles } = built;
  return {
    ...handles,
    name: identity.name,
    schema: identity.schema,
    topic: identity.topic,
    mountPath: identity.mountPath,
    host,
    router,
    // the consumer groups this process runs (readiness and lag are about those)
    consumers: [...(role === 'commands' ? [] : Object.values(host.runners)), ...policies.map(({ runner }) => runner)],
    attach: (server) => built.attach?.(server),
    close: () => (closing ??= built.close?.() ?? Promise.resolve()),
    stop: () =>
      (stopping ??= (async () => {
        for (const { runner } of policies) await runner.stop();
        await host.stop();
        await built.stop?.();
      })()),
  };
}
