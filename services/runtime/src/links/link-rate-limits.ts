// The rate limits in front of every endpoint that takes a link token (the session service's candidate
// endpoints, the invite service's live-link open, the share viewer's endpoints and the share
// viewer's playback URLs): per client address, all requests, and apart from
// them the refused ones (a wrong, revoked or expired link), so a guesser runs out long before anyone
// honest does; and per link, all requests, so one leaked link cannot be hammered from many
// addresses. The per-link key is a hash of the exact token: a guesser cannot make a real link's key,
// so nobody can use up another person's budget. The client address is the one the frontend forwards
// (X-Forwarded-For), believed from the proxies TRUST_PROXY names; the frontend itself takes it from
// adapter-node's ADDRESS_HEADER / XFF_DEPTH behind its own proxy. The counters live in the service's
// database when the composition gives a store (sql-rate-limit-store.ts), so replicas count together.
// The three counters are taken in one pass (link-limiter.ts), not by three express-rate-limit
// middlewares: on every candidate page view they were a large part of the request's cost.
import type { Request, RequestHandler } from 'express';
import { bearerTokenOf } from '../auth/bearer';
import type { RateLimitStores } from '../http';
import { linkLimiter } from './link-limiter';

export interface LinkRateLimits {
  /** opens per client address per window (default 120 a minute) */
  opens: { windowMs: number; limit: number };
  /** refused opens (wrong, revoked, expired tokens) per client address per window (default 30 in 10 minutes) */
  refusals: { windowMs: number; limit: number };
  /** requests per link (token) per window, from every address together (default 300 a minute) */
  perLink?: { windowMs: number; limit: number };
}

export const defaultLinkRateLimits: LinkRateLimits = {
  opens: { windowMs: 60_000, limit: 120 },
  refusals: { windowMs: 10 * 60_000, limit: 30 },
  perLink: { windowMs: 60_000, limit: 300 },
};

/** The link token of a request: the Bearer header, or the `token` of a live-link open's body. */
export function linkTokenOf(req: Request): string | undefined {
  const body = req.body as { token?: unknown } | undefined;
  return bearerTokenOf(req) ?? (typeof body?.token === 'string' ? body.token : undefined);
}

/** A refusal of the link itself; other answers (a wrong answer, a submitted interview) are not guesses. */
export const isLinkRefusal = (status: number) => status === 401 || status === 404 || status === 410;

/** What differs between the kinds of link endpoints; the defaults are the interview links'. */
export interface LinkLimiterOptions {
  /** where the request carries its link token (default: `linkTokenOf`) */
  tokenOf?: (req: Request) => string | undefined;
  /** which answers count against the refusal budget (default: `isLinkRefusal`) */
  isRefusal?: (status: number) => boolean;
  /** the 429's detail */
  detail?: string;
}

/**
 * The three limits in front of a service's link endpoints. Build them once per service and put them
 * in front of all of them, so a guesser gets one budget of refusals per address, not one per
 * endpoint. With `stores` (sql-rate-limit-store.ts, the service's own database) every replica counts
 * together; without, each process counts alone (unit tests).
 */
export function linkOpenLimiters(
  limits: LinkRateLimits = defaultLinkRateLimits,
  stores?: RateLimitStores,
  options: LinkLimiterOptions = {},
): RequestHandler[] {
  const perLink = limits.perLink ?? defaultLinkRateLimits.perLink!;
  const chosen: Required<LinkLimiterOptions> = {
    tokenOf: options.tokenOf ?? linkTokenOf,
    isRefusal: options.isRefusal ?? isLinkRefusal,
    detail: options.detail ?? 'Too many attempts to open interview links; wait a few minutes and try again.',
  };
  return [
    linkLimiter(
      {
        opens: { ...limits.opens, store: stores?.('link-opens') },
        refusals: { ...limits.refusals, store: stores?.('link-refusals') },
        perLink: { ...perLink, store: stores?.('link-per-link') },
      },
      chosen,
    ),
  ];
}
