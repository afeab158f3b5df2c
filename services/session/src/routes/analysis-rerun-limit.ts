// Re-running an interview's analysis costs an analyser run (with an LLM configured, money), and a
// cached analysis is free: so only re-runs are limited — per recruiter and interview (5 in 10
// minutes: enough to retry a failed run or compare, not to loop) and per recruiter over all
// interviews (30 an hour). The counters live in the service's database (the shared rate-limit store),
// so every replica counts together. Over the limit: 429 problem+json with Retry-After.
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { recruiterOf, sendProblem, type RateLimitStores } from '@candor/runtime';

export interface AnalysisRerunLimits {
  /** re-runs per recruiter and interview */
  perInterview: { windowMs: number; limit: number };
  /** re-runs per recruiter, all interviews */
  perRecruiter: { windowMs: number; limit: number };
}

export const defaultAnalysisRerunLimits: AnalysisRerunLimits = {
  perInterview: { windowMs: 10 * 60_000, limit: 5 },
  perRecruiter: { windowMs: 60 * 60_000, limit: 30 },
};

/** Only a well-formed re-run is counted: a bare POST answers from the cache, a bad body is a 400. */
const isRerun = (req: Request) => req.is('application/json') !== false && (req.body as { rerun?: unknown } | undefined)?.rerun === true;

/** After `requireRecruiter` (the key is the recruiter from the session) and the JSON body parser. */
export function analysisRerunLimits(limits: AnalysisRerunLimits = defaultAnalysisRerunLimits, stores?: RateLimitStores): RequestHandler[] {
  const limiter = (
    { windowMs, limit }: { windowMs: number; limit: number },
    name: string,
    key: (req: Request, res: Response) => string,
    detail: string,
  ) =>
    rateLimit({
      windowMs,
      limit,
      ...(stores ? { store: stores(name) } : {}),
      skip: (req) => !isRerun(req),
      keyGenerator: key,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, res) => sendProblem(res, 429, 'Too many re-runs', detail),
    });
  return [
    limiter(
      limits.perInterview,
      'analysis-rerun-interview',
      (req, res) => `${recruiterOf(res).sub}|${String(req.params.sessionId)}`,
      'This analysis was re-run too often; wait a few minutes and try again.',
    ),
    limiter(
      limits.perRecruiter,
      'analysis-rerun-recruiter',
      (_req, res) => recruiterOf(res).sub,
      'You re-ran analyses too often; wait a while and try again.',
    ),
  ];
}
