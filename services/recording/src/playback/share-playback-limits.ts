// The rate limits in front of a share viewer's playback URLs (`POST /share-playback`), as for the
// viewer's own endpoints at the sharing service (runtime linkOpenLimiters): requests per client
// address, a tighter budget of refusals (wrong token, forged pass, revoked link) per address, and
// requests per share link (a hash of the exact token) from every address together, so one guesser
// runs out without locking other viewers out. The address is the one the viewer page's server
// forwards (`X-Forwarded-For`, believed from the proxies TRUST_PROXY names). The counters live in
// the recording service's own database (sql-rate-limit-store.ts), so every replica counts together.
import type { RequestHandler } from 'express';
import { linkOpenLimiters, type RateLimitStores } from '@candor/runtime';

export interface SharePlaybackLimits {
  /** requests per client address per window (default 120 a minute) */
  requests: { windowMs: number; limit: number };
  /** refused requests per client address per window (default 30 in 10 minutes) */
  refusals: { windowMs: number; limit: number };
  /** requests per share link per window, from every address together (default 300 a minute) */
  perLink?: { windowMs: number; limit: number };
}

export const defaultSharePlaybackLimits: SharePlaybackLimits = {
  requests: { windowMs: 60_000, limit: 120 },
  refusals: { windowMs: 10 * 60_000, limit: 30 },
  perLink: { windowMs: 60_000, limit: 300 },
};

/** Every refusal counts: sharing's 403 for a forged pass is a guess as much as a 404 for a token. */
const isRefusal = (status: number) => status >= 400 && status < 500;

export function sharePlaybackLimiters(limits: SharePlaybackLimits, stores?: RateLimitStores): RequestHandler[] {
  return linkOpenLimiters({ opens: limits.requests, refusals: limits.refusals, perLink: limits.perLink }, stores, {
    isRefusal,
    detail: 'Too many attempts to play shared recordings; wait a few minutes.',
  });
}
