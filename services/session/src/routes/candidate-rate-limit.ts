// Candidate endpoints answer to anyone holding a token, so they are rate limited per client
// address. The app trusts loopback proxies, so the frontend server's X-Forwarded-For names the
// real client. Counters live in each process (replicas count their own share).
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { sendProblem } from '@candor/runtime';

export interface CandidateRateLimit {
  windowMs: number;
  /** requests per client address per window */
  limit: number;
}

export const defaultCandidateRateLimit: CandidateRateLimit = { windowMs: 60_000, limit: 120 };

export function candidateRateLimit({ windowMs, limit }: CandidateRateLimit): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) =>
      sendProblem(res, 429, 'Too many requests', 'Too many requests from your network; wait a minute and try again.'),
  });
}
