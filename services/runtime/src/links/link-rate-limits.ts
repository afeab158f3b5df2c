// The rate limits in front of every endpoint that takes a link token (the session service's candidate
// endpoints, the invite service's live-link open): per client address, all requests, and apart from
// them the refused ones (a wrong, revoked or expired link), so a guesser runs out long before anyone
// honest does. The frontend forwards the client's address; the apps trust loopback proxies only.
// Counters live in each process (a shared store for replicas is a later step).
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { sendProblem } from '../http';

export interface LinkRateLimits {
  /** opens per client address per window (default 120 a minute) */
  opens: { windowMs: number; limit: number };
  /** refused opens (wrong, revoked, expired tokens) per client address per window (default 30 in 10 minutes) */
  refusals: { windowMs: number; limit: number };
}

export const defaultLinkRateLimits: LinkRateLimits = {
  opens: { windowMs: 60_000, limit: 120 },
  refusals: { windowMs: 10 * 60_000, limit: 30 },
};

/** A refusal of the link itself; other answers (a wrong answer, a submitted interview) are not guesses. */
const isLinkRefusal = (status: number) => status === 401 || status === 404 || status === 410;

function limiter({ windowMs, limit }: { windowMs: number; limit: number }, refusalsOnly: boolean): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    skipSuccessfulRequests: refusalsOnly,
    requestWasSuccessful: (_req, res) => !isLinkRefusal(res.statusCode),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) =>
      sendProblem(
        res,
        429,
        'Too many requests',
        'Too many attempts to open interview links; wait a few minutes and try again.',
      ),
  });
}

/**
 * The pair of limits in front of a service's link endpoints. Build it once per service and put it in
 * front of all of them, so a guesser gets one budget of refusals per address, not one per endpoint.
 */
export function linkOpenLimiters(limits: LinkRateLimits = defaultLinkRateLimits): RequestHandler[] {
  return [limiter(limits.opens, false), limiter(limits.refusals, true)];
}
