// A pair of in-memory rate limits per client address in front of public endpoints that are not
// link opens (those use links/link-rate-limits.ts): all requests, and apart from them the refused
// ones, so a guesser runs out long before an honest client does. The address is express's req.ip
// (X-Forwarded-For believed from the proxies TRUST_PROXY names). One store per process: counters
// shared by replicas are an open item for these (see docs/architecture.md).
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { sendProblem } from './problem';

export interface RateWindow {
  windowMs: number;
  limit: number;
}

/** `all` counts every request, `refusals` only the answers of 400 and above; `detail` is the 429's. */
export function addressLimiters(limits: { all: RateWindow; refusals: RateWindow }, detail: string): RequestHandler[] {
  const limiter = ({ windowMs, limit }: RateWindow, skipSuccessfulRequests: boolean) =>
    rateLimit({
      windowMs,
      limit,
      skipSuccessfulRequests,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, res) => sendProblem(res, 429, 'Too many requests', detail),
    });
  return [limiter(limits.all, false), limiter(limits.refusals, true)];
}
