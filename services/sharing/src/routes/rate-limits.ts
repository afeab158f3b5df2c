// The rate limits in front of the share viewer's endpoints (and the candidate's "was it shared"
// note), as for interview links (runtime linkOpenLimiters): requests per client address, a tighter
// budget of refusals per address (wrong, expired, revoked, used-up tokens, a missing viewing
// session), and requests per link from every address together, keyed by a hash of the exact token,
// so one guesser runs out without locking out any reviewer. The counters live in the sharing
// service's own database (sql-rate-limit-store.ts), so every replica counts together.
import type { Request, RequestHandler } from 'express';
import { shareTokenHeader } from '@candor/contracts';
import { linkOpenLimiters, linkTokenOf, type RateLimitStores } from '@candor/runtime';

export interface ViewerRateLimits {
  /** requests per client address per window (default 120 a minute) */
  opens: { windowMs: number; limit: number };
  /** refused requests per client address per window (default 30 in 10 minutes) */
  refusals: { windowMs: number; limit: number };
  /** requests per share link (token) per window, from every address together (default 300 a minute) */
  perLink?: { windowMs: number; limit: number };
}

export const defaultViewerRateLimits: ViewerRateLimits = {
  opens: { windowMs: 60_000, limit: 120 },
  refusals: { windowMs: 10 * 60_000, limit: 30 },
  perLink: { windowMs: 60_000, limit: 300 },
};

/** The token in the body (open, view, the candidate's note) or in `X-Share-Token` (content). */
const shareTokenOf = (req: Request) => linkTokenOf(req) ?? req.header(shareTokenHeader);

/** Every refusal counts: a 403 (no viewing session) is a guess at a pass as much as a 404 at a token. */
const isRefusal = (status: number) => status >= 400 && status < 500;

/** Built once per service and put in front of all the viewer's endpoints: one budget per address. */
export function viewerLimiters(limits: ViewerRateLimits, stores?: RateLimitStores): RequestHandler[] {
  return linkOpenLimiters(limits, stores, {
    tokenOf: shareTokenOf,
    isRefusal,
    detail: 'Too many attempts to open share links; wait a few minutes and try again.',
  });
}
