// Prometheus metrics of a service process, served on GET /metrics (text format, prom-client):
// HTTP requests and their duration per route template (never the raw path, which may carry a
// capability token), appends to the event store, the outbox backlog (rows the relay has not put on
// the bus yet, counted at scrape time), messages parked in dead-letter topics, the lag of every
// consumer group the process runs (per group and partition, and per projection: asked of the broker
// at scrape time), and Node's process metrics. A service's own metrics (the media service's rooms,
// the notification service's email outcomes) are registered by its composition through `hook`
// (metrics-hook.ts), on the same registry. A service's own process labels everything with its name;
// the embedded server (every service in one process) labels the process `embedded` and the appends
// and outbox backlog with each service's.
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ParkedMessage } from '../bus/types';
import type { SqlClient } from '../sql/types';
import { quoteSchema } from '../event-store/schema';
import type { GroupLag } from '../host/consumer-lag';
import type { MetricsHook } from './metrics-hook';

export interface ServiceMetrics {
  registry: Registry;
  /** records each request once it finished; mount before the routes */
  http: RequestHandler;
  /** GET /metrics */
  serve: RequestHandler;
  /** counts an append to the event store (wire to `store.onAppended`); `service` in the embedded server */
  appended(service?: string): void;
  /** counts a message parked in a dead-letter topic (wire to the subscriptions' `deadLetter.onParked`) */
  parked(parked: ParkedMessage): void;
  /** where the service's composition registers its own metrics (ServiceAdapters.metrics) */
  hook: MetricsHook;
}

export interface ServiceMetricsOptions {
  /** the `service` label of every series (`embedded` for the one-process mode) */
  service: string;
  sql: SqlClient;
  /** the service's schema, whose outbox backlog is reported */
  schema?: string;
  /** several services' outboxes in one process (the embedded server), each under its own `service` label; read at each scrape */
  outboxes?: { service: string; schema: string }[];
  /** the lag of the process's consumer groups (asked at scrape time; a failure leaves the lag gauges empty) */
  lag?: () => Promise<GroupLag[]>;
}

export function createServiceMetrics(options: ServiceMetricsOptions): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'candor_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'candor_http_request_duration_seconds',
    help: 'HTTP request duration, by method, route template and status class',
    labelNames: ['method', 'route', 'status_class'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const appends = new Counter({
    name: 'candor_event_store_appends_total',
    help: 'Committed appends to this service\'s event store (one per command transaction)',
    labelNames: ['service'],
    registers: [registry],
  });
  const deadLetters = new Counter({
    name: 'candor_dead_letters_total',
    help: 'Messages a consumer group kept failing on and parked in its dead-letter topic, by group and original topic',
    labelNames: ['group', 'topic'],
    registers: [registry],
  });
  // read at scrape time: the embedded server adds its services' outboxes once they are composed
  const outboxes = () => [...(options.schema ? [{ service: options.service, schema: options.schema }] : []), ...(options.outboxes ?? [])];
  new Gauge({
    name: 'candor_outbox_backlog',
    help: 'Outbox rows not yet published to the bus',
    labelNames: ['service'],
    registers: [registry],
    async collect() {
      for (const { service, schema } of outboxes()) {
        const { rows } = await options.sql.query<{ backlog: string }>(
          `SELECT count(*) AS backlog FROM ${quoteSchema(schema)}.outbox WHERE published_at IS NULL`,
        );
        this.set({ service }, Number(rows[0]?.backlog ?? 0));
      }
    },
  });

  if (options.lag) registerLagGauges(registry, options.lag);

  const http: RequestHandler = (req, res, next) => {
    const stop = process.hrtime.bigint();
    // the matched route's template (`/api/invite/invites/:id`), noted when the router sets req.route:
    // by the time an error answer finishes, the router has already put req.route and req.baseUrl back
    let route = 'unmatched';
    let current: unknown = req.route;
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => current,
      set(value: { path?: unknown } | undefined) {
        current = value;
        if (typeof value?.path === 'string') route = `${req.baseUrl}${value.path}`;
      },
    });
    res.once('finish', () => {
      const status = String(res.statusCode);
      requests.inc({ method: req.method, route, status });
      duration.observe({ method: req.method, route, status_class: `${status[0]}xx` }, Number(process.hrtime.bigint() - stop) / 1e9);
    });
    next();
  };
  const serve: RequestHandler = (_req, res, next) => {
    registry.metrics().then((text) => {
      res.setHeader('content-type', registry.contentType);
      res.send(text);
    }, next);
  };
  return {
    registry,
    http,
    serve,
    appended: (service = options.service) => appends.inc({ service }),
    parked: (parked) => deadLetters.inc({ group: parked.groupId, topic: parked.message.topic }),
    hook: metricsHook(registry),
  };
}

/** A MetricsHook on a prom-client registry: what a composition registers is served with the rest. */
export function metricsHook(registry: Registry): MetricsHook {
  return {
    counter(definition) {
      const counter = new Counter({
        name: definition.name,
        help: definition.help,
        labelNames: [...definition.labelNames],
        registers: [registry],
      });
      for (const labels of definition.initial ?? []) counter.inc(labels, 0);
      return (labels) => counter.inc(labels);
    },
    gauge(definition) {
      new Gauge({
        name: definition.name,
        help: definition.help,
        labelNames: [...definition.labelNames],
        registers: [registry],
        collect() {
          this.reset();
          for (const { labels, value } of definition.read()) this.set(labels, value);
        },
      });
    },
  };
}

/**
 * `candor_consumer_lag{group,topic,partition}` and `candor_projection_lag{projection}`: both gauges
 * of one scrape share one question to the broker. An unreachable broker empties them (an absent
 * series, which the alert rules treat apart) rather than failing the whole scrape.
 */
function registerLagGauges(registry: Registry, lag: () => Promise<GroupLag[]>) {
  let asked: { at: number; answer: Promise<GroupLag[] | undefined> } | undefined;
  const current = () => {
    if (!asked || Date.now() - asked.at > 1_000) {
      const answer = Promise.race([
        lag(),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2_000).unref()),
      ]).catch(() => undefined);
      asked = { at: Date.now(), answer };
    }
    return asked.answer;
  };
  new Gauge({
    name: 'candor_consumer_lag',
    help: 'Messages on a partition the consumer group has not handled and committed yet',
    labelNames: ['group', 'topic', 'partition'],
    registers: [registry],
    async collect() {
      const groups = await current();
      this.reset();
      for (const group of groups ?? []) {
        for (const { topic, partition, lag: behind } of group.partitions) this.set({ group: group.groupId, topic, partition: String(partition) }, behind);
      }
    },
  });
  new Gauge({
    name: 'candor_projection_lag',
    help: 'Messages a projection (read model) has not applied yet, over all its partitions',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      const groups = await current();
      this.reset();
      for (const group of groups ?? []) if (group.kind === 'projection') this.set({ projection: group.name }, group.total);
    },
  });
}
