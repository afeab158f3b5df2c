// The express app every service starts from: request ids, access logs, security headers, a JSON
// body parser with a size limit, and — once the service added its routes — the 404 and problem
// handlers. `finish` must be called last.
import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { context } from '@opentelemetry/api';
import { contextFromHeaders, withSpan } from '../telemetry/tracing';
import { maskCapabilityPath, type Logger } from '../logging';
import { accessLog as accessLogOf } from './access-log';
import { notFoundHandler, problemHandler } from './problem';
import { refuseUnstorableText } from './storable-text';

const requestIdPattern = /^[A-Za-z0-9._-]{8,128}$/;

const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.header('x-request-id');
  const id = incoming && requestIdPattern.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = id;
  res.setHeader('X-Request-Id', id);
  next();
};

/**
 * A server span per request, continuing the caller's trace when it sent `traceparent`. The path is
 * masked as in the logs: a capability page's path holds its link token, and traces leave the process.
 */
const traceRequests: RequestHandler = (req, res, next) => {
  const parent = contextFromHeaders({ traceparent: req.header('traceparent'), tracestate: req.header('tracestate') });
  void withSpan(`HTTP ${req.method}`, { kind: 'server', parent, attributes: { 'http.request.method': req.method, 'url.path': maskCapabilityPath(req.path) } }, (span) =>
    new Promise<void>((resolve) => {
      res.once('close', () => {
        span.setAttribute('http.response.status_code', res.statusCode);
        resolve();
      });
      context.with(context.active(), next);
    }),
  );
};

export interface HttpAppOptions {
  logger: Logger;
  /** largest JSON body accepted, e.g. '64kb' */
  bodyLimit?: string;
  accessLog?: boolean;
  /** express "trust proxy" (default 'loopback') */
  trustProxy?: string;
}

export function createHttpApp({ logger, bodyLimit = '64kb', accessLog = true, trustProxy = 'loopback' }: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy.split(',').map((part) => part.trim()).filter(Boolean));
  app.use(requestId);
  app.use(traceRequests);
  if (accessLog) app.use(accessLogOf(logger));
  app.use(helmet());
  // Only the APIs' bodies: in the embedded mode the SvelteKit pages share this app, and their own
  // endpoints (`+server.ts`) must read the request body themselves.
  app.use('/api', express.json({ limit: bodyLimit, strict: true }));
  app.use('/api', refuseUnstorableText);
  return app;
}

export function finishHttpApp(app: Express, logger: Logger): Express {
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  return app;
}
