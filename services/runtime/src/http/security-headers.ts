// The security headers every answer carries: helmet's defaults, worked out once when the app is built
// (helmet run against a recording response) and written per request in one loop. helmet itself runs
// a dozen small middlewares per request to write the same fixed values; the headers, and what they
// protect, are unchanged (security-headers.int.spec.ts compares them with helmet's own, over HTTP).
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** The headers helmet's defaults set, and the ones they remove (X-Powered-By). */
export function helmetDefaults(): { set: [string, string][]; removed: string[] } {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => void set.push([name, String(value)]),
    removeHeader: (name: string) => void removed.push(name),
  };
  helmet()({} as never, recorder as never, () => undefined);
  return { set, removed };
}

export function securityHeaders(): RequestHandler {
  const { set, removed } = helmetDefaults();
  return (_req, res, next) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}
