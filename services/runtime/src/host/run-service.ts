// The distributed mode: one service per process against real Postgres, Kafka and MongoDB, all
// configured by environment. A service's main names itself and builds its routes; this does the rest
// — validated config, adapters, the service host, HTTP, and one handler for SIGTERM/SIGINT and
// unhandled rejections that stops accepting, drains and closes.
import type { Server } from 'node:http';
import { z } from 'zod';
import type { Router } from 'express';
import { createKafkaBus } from '../bus';
import { commonEnv, ConfigError, distributedEnv, loadConfig } from '../config';
import { createMongoDocumentStore } from '../documents';
import type { DocumentStore } from '../documents/types';
import { createHttpApp, finishHttpApp, startHttpServer, type RunningServer } from '../http';
import { createLogger, type Logger } from '../logging';
import type { Projection } from '../projections/types';
import { createPgClient } from '../sql';
import { createCandidateTokens, createSessionTokens, type CandidateTokens, type SessionTokens } from '../auth';
import type { MessageBus } from '../bus/types';
import { createPolicyRunner, type Policy } from '../policies';
import { createServiceMetrics, installTracePropagation, startTraceExport } from '../telemetry';
import { createServiceHost, type ServiceHost } from './service-host';

const serviceEnv = z.object({ ...commonEnv, ...distributedEnv });

export interface ServiceDefinition {
  name: string;
  schema: string;
  topic: string;
  mountPath: string;
  projections: Projection<any, any>[];
  /** Builds the service from its adapters; `env` is the raw environment, for the service's own variables. */
  routes(deps: ServiceDeps): Router | Promise<Router | BuiltService> | BuiltService;
}

/** What a service's `routes` may answer besides a bare router. */
export interface BuiltService {
  router: Router;
  policies?: Policy[];
  /** takes over things the HTTP server does besides requests (e.g. WebSocket upgrades) once it listens */
  attach?(server: Server): void;
  /** releases what the service holds (sockets, media workers) before the server closes */
  close?(): Promise<void>;
}

export interface ServiceDeps {
  host: ServiceHost;
  documents: DocumentStore;
  tokens: SessionTokens;
  /** short-lived candidate tokens, signed with the same secret as recruiter sessions (other audience) */
  candidateTokens: CandidateTokens;
  bus: MessageBus;
  logger: Logger;
  env: Record<string, string | undefined>;
}

export interface RunningService {
  server: RunningServer;
  /** the event store and projection runners, for in-process observers such as the bench */
  host: ServiceHost;
  stop(): Promise<void>;
}

export interface RunServiceOptions {
  /** wraps the service's document store, for in-process observers such as the bench */
  observeDocuments?: (documents: DocumentStore) => DocumentStore;
}

export async function runService(definition: ServiceDefinition, env = process.env, options: RunServiceOptions = {}): Promise<RunningService> {
  const config = loadConfig(serviceEnv, env);
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  installTracePropagation();
  // OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) names a collector
  const telemetry = startTraceExport(definition.name, env);
  const sql = await createPgClient(config.DATABASE_URL);
  const bus = createKafkaBus({ brokers: config.KAFKA_BROKERS, clientId: `candor-${definition.name}`, namespace: config.KAFKA_NAMESPACE, logger });
  const mongo = await createMongoDocumentStore({ url: config.MONGO_URL, database: config.MONGO_DATABASE });
  const documents = options.observeDocuments?.(mongo) ?? mongo;
  const host = createServiceHost({ ...definition, sql, bus, documents, logger });
  await host.start();
  const tokens = createSessionTokens(config.CANDOR_JWT_SECRET);
  const candidateTokens = createCandidateTokens(config.CANDOR_JWT_SECRET);
  const built = await definition.routes({ host, documents, tokens, candidateTokens, bus, logger, env });
  const service: BuiltService = typeof built === 'function' ? { router: built } : built;
  const { router, policies = [] } = service;
  const policyRunners = policies.map((policy) => createPolicyRunner({ policy, bus, logger }));
  for (const runner of policyRunners) await runner.start();

  const app = createHttpApp({ logger, trustProxy: config.TRUST_PROXY });
  const metrics = createServiceMetrics({ service: definition.name, sql, schema: definition.schema });
  host.store.onAppended(() => metrics.appended());
  app.use(metrics.http);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: definition.name });
  });
  app.get('/metrics', metrics.serve);
  app.use(definition.mountPath, router);
  const server = await startHttpServer(finishHttpApp(app, logger), { port: config.PORT, host: config.HOST });
  service.attach?.(server.server);
  logger.info({ url: server.url }, `${definition.name} service listening`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await service.close?.();
      await server.close();
      for (const runner of policyRunners) await runner.stop();
      await host.stop();
      await bus.close();
      await documents.close();
      await sql.close();
      await telemetry?.shutdown();
    })());
  return { server, host, stop };
}

/** Entry point helper for a service's main.ts. */
export function main(definition: ServiceDefinition): void {
  process.on('unhandledRejection', (reason) => {
    console.error(`[${definition.name}] unhandled rejection:`, reason);
  });
  runService(definition).then(
    (running) => {
      console.log(`${definition.name} service listening on ${running.server.url}`);
      const stop = (signal: string) => {
        console.log(`${signal}: stopping ${definition.name}…`);
        running.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    },
    (error) => {
      console.error(error instanceof ConfigError ? error.message : error);
      process.exit(1);
    },
  );
}
