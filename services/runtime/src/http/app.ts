// The express app every service starts from: request ids, access logs, security headers, a JSON
// body parser with a size limit, and — once the service added its routes — the 404 and problem
// handlers. `finish` must be called last.
import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import { context, ProxyTracerProvider, trace } from '@opentelemetry/api';
import { contextFromHeaders, withSpan } from '../telemetry/tracing';
import { maskCapabilityPath, type Logger } from '../logging';
import { accessLog } from './access-log';
import { securityHeaders } from './security-headers';
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

/** Whether a tracer provider (an SDK, telemetry/export.ts) is registered: asked per request, as one may be registered after the app is built. */
function tracing(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== noTracing;
}
/** the API's no-op provider: what a proxy delegates to while no SDK is registered */
const noTracing = new ProxyTracerProvider().getDelegate();

/**
 * A server span per request, continuing the caller's trace when it sent `traceparent`. The path is
 * masked as in the logs: a capability page's path holds its link token, and traces leave the process.
 * With no SDK registered a span records nothing; then only the caller's context is carried on (so
 * the events a command writes still continue its trace), and a request without one costs nothing.
 */
const traceRequests: RequestHandler = (req, res, next) => {
  const traceparent = req.header('traceparent');
  if (!tracing()) {
    if (!traceparent) return next();
    return context.with(contextFromHeaders({ traceparent, tracestate: req.header('tracestate') }), next);
  }
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

export function createHttpApp({ logger, bodyLimit = '64kb', accessLog: logRequests = true, trustProxy = 'loopback' }: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // no ETag: API answers are per caller (capability pages say no-store), and hashing every body cost
  // more than the rest of a small answer (static assets keep theirs: express.static sets its own)
  app.disable('etag');
  app.set('trust proxy', trustProxy.split(',').map((part) => part.trim()).filter(Boolean));
  app.use(requestId);
  app.use(traceRequests);
  // Query strings and candidate page paths may carry capability tokens: the log has the masked path only
  if (logRequests) app.use(accessLog(logger));
  app.use(securityHeaders());
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
