// Readiness of a service process (`GET /readyz`, the Kubernetes readiness probe; `/healthz` stays the
// liveness probe): ready while its database, broker and document store answer, every consumer group
// it runs is consuming, and each projection is within a bounded lag; not ready from the moment it
// begins to stop. Each dependency is asked with a short timeout, so a probe never hangs on a dead
// server: the client libraries would wait (and retry) far longer than a probe's own timeout.
//
// Not ready answers 503 problem+json naming what is not ready, with every check's outcome beside it.
import type { RequestHandler } from 'express';
import type { ConsumerGroupRunner, MessageBus } from '../bus/types';
import type { DocumentStore } from '../documents/types';
import { maskCapabilityPath } from '../logging';
import { checkpointCollection } from '../projections/checkpoints';
import type { SqlClient } from '../sql/types';
import { consumerLag } from './consumer-lag';

export interface ReadinessOptions {
  sql: SqlClient;
  bus: MessageBus;
  documents: DocumentStore;
  consumers: ConsumerGroupRunner[];
  /** most messages a projection may be behind and still count as ready */
  maxProjectionLag: number;
  /** per dependency (default 2 s) */
  timeoutMs?: number;
  /** true once the process began to stop */
  stopping(): boolean;
}

export interface Check {
  ok: boolean;
  detail?: string;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, Check>;
}

function within<T>(ms: number, what: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work(), timeout]).finally(() => clearTimeout(timer));
}

const failed = (error: unknown): Check => ({ ok: false, detail: error instanceof Error ? error.message : String(error) });

export function createReadiness(options: ReadinessOptions) {
  const timeoutMs = options.timeoutMs ?? 2_000;

  async function check(): Promise<Readiness> {
    const checks: Record<string, Check> = {};
    if (options.stopping()) checks.shutdown = { ok: false, detail: 'the process is stopping' };
    const [database, documents, lags] = await Promise.all([
      within(timeoutMs, 'the database', () => options.sql.query('SELECT 1')).then(() => ({ ok: true }), failed),
      // a read by id: the cheapest real round trip both document adapters (and FerretDB) answer
      within(timeoutMs, 'the document store', () => options.documents.collection(checkpointCollection).get('readyz')).then(() => ({ ok: true }), failed),
      // the lag question asks the broker only for the consumer groups there are: ask it once anyway
      within(timeoutMs, 'the broker', async () => (await Promise.all([consumerLag(options.bus, options.consumers), options.bus.reachable()]))[0]).then(
        (lag) => ({ lag }),
        (error: unknown) => ({ error }),
      ),
    ]);
    checks.database = database;
    checks.documents = documents;
    checks.broker = 'error' in lags ? failed(lags.error) : { ok: true };
    for (const consumer of options.consumers) {
      const key = `${consumer.kind} ${consumer.name}`;
      if (!consumer.running()) {
        checks[key] = { ok: false, detail: `consumer group ${consumer.groupId} is not consuming` };
        continue;
      }
      const lag = 'lag' in lags ? lags.lag.find((group) => group.groupId === consumer.groupId)?.total : undefined;
      if (consumer.kind === 'projection' && lag !== undefined && lag > options.maxProjectionLag) {
        checks[key] = { ok: false, detail: `${lag} messages behind (at most ${options.maxProjectionLag})` };
      } else {
        checks[key] = { ok: true, ...(lag !== undefined ? { detail: `${lag} messages behind` } : {}) };
      }
    }
    return { ready: Object.values(checks).every((one) => one.ok), checks };
  }

  const route: RequestHandler = (req, res, next) => {
    check().then(({ ready, checks }) => {
      res.setHeader('cache-control', 'no-store');
      if (ready) {
        res.json({ status: 'ready', checks });
        return;
      }
      const notReady = Object.entries(checks).filter(([, one]) => !one.ok);
      const detail = `not ready: ${notReady.map(([name, one]) => `${name} (${one.detail ?? 'failed'})`).join('; ')}`;
      res
        .status(503)
        .type('application/problem+json')
        .send(
          JSON.stringify({
            type: 'https://candor.dev/problems/not-ready',
            title: 'Not ready',
            status: 503,
            detail,
            instance: maskCapabilityPath(req.originalUrl),
            notReady: notReady.map(([name]) => name),
            checks,
          }),
        );
    }, next);
  };
  return { check, route };
}
