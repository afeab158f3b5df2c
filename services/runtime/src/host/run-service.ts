// The distributed mode: one service per process against real Postgres, Kafka and MongoDB, all
// configured by environment. A service's main names itself, lists its own variables and hands over
// its composition (compose.ts); this does the rest — one configuration parse (the common variables
// and the service's own, so every bad one is named in one message), the adapters, HTTP, and one
// handler for SIGTERM/SIGINT and unhandled rejections that stops accepting, drains and closes.
//
// Not exported by the runtime's index: it loads the Postgres, Kafka and Mongo clients, which only a
// distributed service process needs (`@candor/runtime/distributed`).
import { z } from 'zod';
import { createKafkaBus } from '../bus/kafka';
import type { ConsumerGroupRunner } from '../bus/types';
import { commonEnv, ConfigError, distributedEnv, loadConfig } from '../config';
import { createMongoDocumentStore } from '../documents/mongo';
import type { DocumentStore } from '../documents/types';
import { createHttpApp, finishHttpApp, openApiDocument, startHttpServer, type RunningServer } from '../http';
import { createLogger } from '../logging';
import { createPgClient } from '../sql/pg';
import { installTracePropagation } from '../telemetry';
import { startTraceExport } from '../telemetry/export';
import { createServiceMetrics } from '../telemetry/metrics';
import type { ComposedService, ServiceAdapters, ServiceIdentity } from './compose';
import { consumerLag } from './consumer-lag';
import { createReadiness } from './readiness';
import type { ServiceHost } from './service-host';

const serviceEnv = z.object({ ...commonEnv, ...distributedEnv });

export interface ServiceDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> extends ServiceIdentity {
  /** the service's own variables (zod fields), parsed once at start with the common ones */
  env: Shape;
  /** checks across the service's variables (e.g. a port range), reported like a bad variable */
  check?: (config: z.output<z.ZodObject<Shape>>, ctx: z.RefinementCtx) => void;
  /** the service's one composition (the embedded mode calls the same function) */
  compose(config: z.output<z.ZodObject<Shape>>, adapters: ServiceAdapters): Promise<ComposedService>;
}

export interface RunningService {
  server: RunningServer;
  /** the event store and projection runners, for in-process observers such as the bench */
  host: ServiceHost;
  /** its consumer groups (projections and policies), for tests that stop one */
  consumers: ConsumerGroupRunner[];
  stop(): Promise<void>;
}

export interface RunServiceOptions {
  /** wraps the service's document store, for in-process observers such as the bench */
  observeDocuments?: (documents: DocumentStore) => DocumentStore;
}

export async function runService<Shape extends z.ZodRawShape>(
  definition: ServiceDefinition<Shape>,
  env: Record<string, string | undefined> = process.env,
  options: RunServiceOptions = {},
): Promise<RunningService> {
  type Config = z.output<typeof serviceEnv> & z.output<z.ZodObject<Shape>>;
  const schema = z.object({ ...serviceEnv.shape, ...definition.env });
  const check = definition.check;
  const config = loadConfig(check ? schema.superRefine((value, ctx) => check(value as Config, ctx)) : schema, env) as Config;
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  installTracePropagation();
  // OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) names a collector
  const telemetry = startTraceExport(definition.name, env);
  const sql = createPgClient(config.DATABASE_URL);
  // the lag gauges ask about the service's consumer groups, known once it is composed
  let consumers: ComposedService['consumers'] = [];
  const metrics = createServiceMetrics({ service: definition.name, sql, schema: definition.schema, lag: () => consumerLag(bus, consumers) });
  const bus = createKafkaBus({
    brokers: config.KAFKA_BROKERS,
    clientId: `candor-${definition.name}`,
    namespace: config.KAFKA_NAMESPACE,
    logger,
    topicConfig: {
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      minInsyncReplicas: config.KAFKA_MIN_INSYNC_REPLICAS,
      retentionMs: config.KAFKA_RETENTION_MS,
    },
  });
  const deadLetter = { maxAttempts: config.CANDOR_BUS_MAX_ATTEMPTS, onParked: metrics.parked };
  const mongo = createMongoDocumentStore({ url: config.MONGO_URL, database: config.MONGO_DATABASE });
  const documents = options.observeDocuments?.(mongo) ?? mongo;
  const closeAdapters = async () => {
    await bus.close();
    await documents.close();
    await sql.close();
  };
  let service: ComposedService;
  try {
    service = await definition.compose(config, { sql, bus, documents, logger, deadLetter, metrics: metrics.hook, role: config.CANDOR_ROLE });
  } catch (error) {
    await closeAdapters().catch(() => {});
    await telemetry?.shutdown().catch(() => {});
    throw error;
  }

  const app = createHttpApp({ logger, trustProxy: config.TRUST_PROXY });
  consumers = service.consumers;
  service.host.store.onAppended(() => metrics.appended());
  let stopping: Promise<void> | undefined;
  const readiness = createReadiness({
    sql,
    bus,
    documents,
    consumers,
    maxProjectionLag: config.CANDOR_READY_MAX_LAG,
    stopping: () => stopping !== undefined,
  });
  app.use(metrics.http);
  // liveness: the process answers; readiness: it can serve (dependencies, consumers, lag)
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: definition.name });
  });
  app.get('/readyz', readiness.route);
  app.get('/metrics', metrics.serve);
  // a `consumers` process (CANDOR_ROLE) answers its probes and metrics only: its API is the
  // `commands` process's
  const servesApi = config.CANDOR_ROLE !== 'consumers';
  if (servesApi) {
    // the service's own API, generated from its routes and their zod schemas (http/openapi.ts)
    const openApi = openApiDocument([{ name: definition.name, mountPath: service.mountPath, router: service.router }], {
      title: `Candor ${definition.name} service`,
      version: '1',
    });
    app.get('/api/openapi.json', (_req, res) => {
      res.json(openApi);
    });
    app.use(service.mountPath, service.router);
  }
  const server = await startHttpServer(finishHttpApp(app, logger), { port: config.PORT, host: config.HOST });
  if (servesApi) service.attach(server.server);
  logger.info({ url: server.url }, `${definition.name} service listening`);

  // The order matters: stop accepting and let the requests in flight finish (their commands are
  // committed), then the policies and projections finish the batch in hand and commit their offsets,
  // the relay publishes what is left in the outbox, and only then the adapters close.
  const stop = () =>
    (stopping ??= (async () => {
      await service.close();
      await server.close();
      await service.stop();
      await closeAdapters();
      await telemetry?.shutdown();
    })());
  return { server, host: service.host, consumers, stop };
}

/** Entry point helper for a service's main.ts. */
export function main<Shape extends z.ZodRawShape>(definition: ServiceDefinition<Shape>): void {
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
