// The recruiter's side, mounted under /api/session/sessions: the Interviews list, one interview with
// its answers and cached analysis, and running the analysis. Every route needs a recruiter session
// and sees only the recruiter's organisation; another organisation's session answers 404.
import type { Request } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import {
  analyseSessionRequest,
  consistencyTokenSchema,
  listSessionsQuery,
  sessionIdParams,
  type ListSessionsResponse,
  type SessionDetailResponse,
} from '@candor/contracts';
import {
  NotFoundError,
  parseOrThrow,
  recruiterOf,
  requireRecruiter,
  route,
  ValidationError,
  type ProjectionRunner,
  type RateLimitStores,
  type SessionTokens,
} from '@candor/runtime';
import { analysisRerunLimits, type AnalysisRerunLimits } from './analysis-rerun-limit';
import type { SessionAnalysis } from '../analyse-session';
import type { SessionsQuery } from '../read-models/sessions/query';

export interface RecruiterRouteDeps {
  tokens: SessionTokens;
  sessions: SessionsQuery;
  sessionsRunner: Pick<ProjectionRunner, 'waitFor'>;
  analysis: SessionAnalysis;
  /** how long a read waits for its `waitFor` position before answering with what it has */
  readWaitMs: number;
  /** limits on re-running an analysis (default: 5 per interview in 10 minutes, 30 an hour) */
  rerunLimits?: AnalysisRerunLimits;
  /** where those limits count (the service's database); default in memory */
  rateLimitStores?: RateLimitStores;
}

const readSessionQuery = z.strictObject({ waitFor: consistencyTokenSchema.optional() });

/** The analysis body is optional: a bare POST means "the cached analysis, or a first run". */
function analysisOptions(req: Request): z.output<typeof analyseSessionRequest> {
  if (req.is('application/json')) return parseOrThrow(analyseSessionRequest, req.body ?? {}, 'body');
  if (Number(req.header('content-length') ?? 0) > 0 || req.header('transfer-encoding')) {
    throw new ValidationError('Send the request body as application/json.');
  }
  return { rerun: false };
}

export function recruiterRoutes(deps: RecruiterRouteDeps): Router {
  const { sessions, sessionsRunner, analysis, readWaitMs } = deps;
  const router = Router();
  router.use(requireRecruiter(deps.tokens));

  const caughtUp = async (waitFor: { streamId: string; position: number } | undefined) =>
    waitFor ? sessionsRunner.waitFor(waitFor.streamId, waitFor.position, readWaitMs) : true;

  router.get(
    '/',
    route({ query: listSessionsQuery }, async ({ query }, _req, res) => {
      const done = await caughtUp(query.waitFor);
      const { page, pageSize } = query;
      const found = await sessions.list(recruiterOf(res).org, { ...query, page, pageSize });
      const body: ListSessionsResponse = { ...found, page, pageSize, caughtUp: done };
      return { body };
    }),
  );

  router.get(
    '/:sessionId',
    route({ params: sessionIdParams, query: readSessionQuery }, async ({ params, query }, _req, res) => {
      const done = await caughtUp(query.waitFor);
      const session = await sessions.get(recruiterOf(res).org, params.sessionId);
      if (!session) throw new NotFoundError('Interview not found.');
      const body: SessionDetailResponse = { session, caughtUp: done };
      return { body };
    }),
  );

  router.post(
    '/:sessionId/analysis',
    ...analysisRerunLimits(deps.rerunLimits, deps.rateLimitStores),
    route({ params: sessionIdParams }, async ({ params }, req, res) => {
      const { rerun } = analysisOptions(req);
      const recruiter = recruiterOf(res);
      return {
        body: await analysis.analyse({
          organisationId: recruiter.org,
          recruiterId: recruiter.sub,
          sessionId: params.sessionId,
          rerun,
        }),
      };
    }),
  );
  return router;
}
