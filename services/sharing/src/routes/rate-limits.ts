// The rate limits in front of the viewer's endpoints, as for candidate links: opens per client
// address, and a tighter budget of refusals (wrong, expired, revoked tokens) per address, so one
// guesser runs out without locking other viewers out. Memory store per process, like the invite
// service's link limits (a store shared by replicas is the same open item there).
import type { RequestHandler } from 'express';
import { addressLimiters } from '@candor/runtime';

export interface ViewerRateLimits {
  /** requests per client address per window (default 120 a minute) */
  opens: { windowMs: number; limit: number };
  /** refused requests per client address per window (default 30 in 10 minutes) */
  refusals: { windowMs: number; limit: number };
}

export const defaultViewerRateLimits: ViewerRateLimits = {
  opens: { windowMs: 60_000, limit: 120 },
  refusals: { windowMs: 10 * 60_000, limit: 30 },
};

export function viewerLimiters(limits: ViewerRateLimits): RequestHandler[] {
  return addressLimiters(
    { all: limits.opens, refusals: limits.refusals },
    'Too many attempts to open share links; wait a few minutes and try again.',
  );
}
