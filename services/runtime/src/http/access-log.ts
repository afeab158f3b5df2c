// One access-log line per request, written when the answer is done, at a level chosen by its status
// (errors `error`, refusals `info`, the rest `debug`; a not-ready /readyz `warn`): the line pino-http
// wrote, with the same fields (req: id, method, masked path; res: statusCode; responseTime).
//
// Why not pino-http: it built a child logger for every request and serialised the request before it
// knew whether the line would be written, and most lines are not (successes log at `debug`, below the
// default `info`). Here nothing is built unless the level is enabled, so a request whose line is not
// written costs one listener. Paths are masked: candidate page paths carry capability tokens.
import type { RequestHandler } from 'express';
import { maskCapabilityPath, type Logger } from '../logging';

type Level = 'error' | 'warn' | 'info' | 'debug';

export function levelOf(path: string, status: number): Level {
  // a not-ready answer is a state the probe asks about, not a failure of the request
  if (path === '/readyz' && status === 503) return 'warn';
  if (status >= 500) return 'error';
  return status >= 400 ? 'info' : 'debug';
}

export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = Date.now();
    const done = () => {
      res.removeListener('close', done);
      res.removeListener('finish', done);
      const completed = !req.readableAborted && res.writableEnded;
      const level = levelOf(req.originalUrl.split('?')[0]!, res.statusCode);
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          req: { id: res.locals.requestId as string | undefined, method: req.method, path: maskCapabilityPath(req.originalUrl) },
          res: { statusCode: res.statusCode },
          responseTime: Date.now() - started,
        },
        completed ? 'request completed' : 'request aborted',
      );
    };
    res.on('close', done);
    res.on('finish', done);
    next();
  };
}
