// The access log: one line per finished request, at a level chosen by its outcome (5xx and errors:
// error; 4xx: info; a not-ready /readyz: warn; the rest: debug), with the request id, the method,
// the masked path (capability pages carry a token in theirs) and the response time.
//
// It replaces pino-http, which built a child logger per request (serialising the request into its
// bindings) whether or not the line would be written; at the services' usual level (info) a
// successful request writes nothing, so that work was the whole cost — about a fifth of the HTTP
// path's CPU in the pipeline bench (docs/benchmarks.md, round 4). Here a request costs two listeners
// and a level check unless its line is written.
import type { RequestHandler } from 'express';
import { maskCapabilityPath, type Logger } from '../logging';

type Level = 'error' | 'warn' | 'info' | 'debug';

export function levelOf(path: string, status: number, failed: boolean): Level {
  // a not-ready answer is a state the probe asks about, not a failure of the request
  if (path === '/readyz' && status === 503) return 'warn';
  if (failed || status >= 500) return 'error';
  return status >= 400 ? 'info' : 'debug';
}

export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const done = (aborted: boolean) => {
      res.off('finish', onFinish);
      res.off('close', onClose);
      const path = maskCapabilityPath(req.originalUrl);
      const level = levelOf(path, res.statusCode, aborted);
      if (!logger.isLevelEnabled(level)) return;
      const line = {
        req: { id: res.locals?.requestId as string | undefined, method: req.method, path },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - started),
      };
      if (aborted) logger[level]({ ...line, err: new Error('request aborted') }, 'request aborted');
      else logger[level](line, 'request completed');
    };
    const onFinish = () => done(false);
    // closed before the answer was sent: the client went away (or the socket broke)
    const onClose = () => done(!res.writableFinished);
    res.once('finish', onFinish);
    res.once('close', onClose);
    next();
  };
}
