// The rate limits in front of a share viewer's playback URLs (`POST /share-playback`), as for the
// viewer's own endpoints at the sharing service: requests per client address, and a tighter budget
// of refusals (wrong token, forged pass, revoked link) per address, so one guesser runs out without
// locking other viewers out. The address is the one the viewer page's server forwards
// (`X-Forwarded-For`, believed from the proxies TRUST_PROXY names). Memory store per process, like
// the sharing service's viewer limits (a store shared by replicas is the same open item there).
import type { RequestHandler } from 'express';
import { addressLimiters } from '@candor/runtime';

export interface SharePlaybackLimits {
  /** requests per client address per window (default 120 a minute) */
  requests: { windowMs: number; limit: number };
  /** refused requests per client address per window (default 30 in 10 minutes) */
  refusals: { windowMs: number; limit: number };
}

export const defaultSharePlaybackLimits: SharePlaybackLimits = {
  requests: { windowMs: 60_000, limit: 120 },
  refusals: { windowMs: 10 * 60_000, limit: 30 },
};

export function sharePlaybackLimiters(limits: SharePlaybackLimits): RequestHandler[] {
  return addressLimiters(
    { all: limits.requests, refusals: limits.refusals },
    'Too many attempts to play shared recordings; wait a few minutes.',
  );
}
