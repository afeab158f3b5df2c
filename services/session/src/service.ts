// The session service as a factory: asynchronous text interviews — the candidate's session (created
// by the `session.invites` policy when a candidate is invited), its answers, submission and the
// recruiter's analysis — and the reviewer scores of every interview, live or async (`session.reviews`
// opens a review per interview from the invite events).
import { Router } from 'express';
import { topics } from '@candor/contracts';
import {
  defaultLinkRateLimits,
  type DocumentStore,
  type EventStore,
  type LinkRateLimits,
  type RateLimitStores,
  type LinkTokens,
  type Logger,
  type Policy,
  type Projection,
  type ProjectionRunner,
  type SessionTokens,
} from '@candor/runtime';
import { sessionAnalysis } from './analyse-session';
import type { Analyser } from './analysis';
import { invitesPolicy } from './policies/invites-policy';
import { reviewsPolicy } from './policies/reviews-policy';
import { reviewsProjection } from './read-models/reviews/projection';
import { reviewsQuery } from './read-models/reviews/query';
import { sessionsProjection } from './read-models/sessions/projection';
import { sessionsQuery } from './read-models/sessions/query';
import { candidateRoutes } from './routes/candidate-routes';
import type { AnalysisRerunLimits } from './routes/analysis-rerun-limit';
import { recruiterRoutes } from './routes/recruiter-routes';
import { reviewRoutes } from './routes/review-routes';

export const sessionService = {
  name: 'session',
  schema: 'session',
  topic: topics.session,
  mountPath: '/api/session',
} as const;

/** The read models this service keeps; the composition runs one projection runner per entry. */
export const sessionProjections: Projection<any, any>[] = [sessionsProjection, reviewsProjection];

export interface SessionServiceDeps {
  store: EventStore;
  documents: DocumentStore;
  tokens: SessionTokens;
  /** opens the candidates' invite links (CANDOR_LINK_KEYS, shared with the invite service that hands them out) */
  linkTokens: LinkTokens;
  runners: Record<string, Pick<ProjectionRunner, 'waitFor'>>;
  analyser: Analyser;
  logger: Logger;
  now?: () => Date;
  /** per client address on the candidate endpoints (default: 120 requests a minute, 30 refused in 10 minutes) */
  linkRateLimits?: LinkRateLimits;
  /** where the link limits count (the service's database, shared by its replicas); default in memory */
  rateLimitStores?: RateLimitStores;
  /** limits on re-running an analysis (default: 5 per recruiter and interview in 10 minutes, 30 an hour) */
  analysisRerunLimits?: AnalysisRerunLimits;
  /** how long the service waits for the analyser (default 60 s) */
  analysisTimeoutMs?: number;
  /** how long a candidate request waits for a session the policy has not created yet (default 2 s) */
  preparingWaitMs?: number;
  /** how long a recruiter read waits for its `waitFor` position (default 2 s) */
  readWaitMs?: number;
}

export interface SessionService {
  router: Router;
  /** `session.invites`: creates sessions and follows link changes from the invite service's events */
  policies: Policy[];
}

export function createSessionService(deps: SessionServiceDeps): SessionService {
  const now = deps.now ?? (() => new Date());
  const sessionsRunner = deps.runners[sessionsProjection.name];
  if (!sessionsRunner) throw new Error(`no projection runner for ${sessionsProjection.name}`);
  const reviewsRunner = deps.runners[reviewsProjection.name];
  if (!reviewsRunner) throw new Error(`no projection runner for ${reviewsProjection.name}`);
  const logger = deps.logger.child({ service: sessionService.name });

  const router = Router();
  router.use(
    '/candidate',
    candidateRoutes({
      store: deps.store,
      linkTokens: deps.linkTokens,
      now,
      rateLimits: deps.linkRateLimits ?? defaultLinkRateLimits,
      rateLimitStores: deps.rateLimitStores,
      preparingWaitMs: deps.preparingWaitMs ?? 2_000,
    }),
  );
  router.use(
    '/sessions',
    recruiterRoutes({
      tokens: deps.tokens,
      sessions: sessionsQuery(deps.documents),
      sessionsRunner,
      analysis: sessionAnalysis({
        store: deps.store,
        analyser: deps.analyser,
        logger,
        now,
        timeoutMs: deps.analysisTimeoutMs ?? 60_000,
      }),
      readWaitMs: deps.readWaitMs ?? 2_000,
      rerunLimits: deps.analysisRerunLimits,
      rateLimitStores: deps.rateLimitStores,
    }),
  );
  router.use(
    '/reviews',
    reviewRoutes({
      store: deps.store,
      tokens: deps.tokens,
      reviews: reviewsQuery(deps.documents),
      reviewsRunner,
      now,
      readWaitMs: deps.readWaitMs ?? 2_000,
    }),
  );
  return {
    router,
    policies: [invitesPolicy({ store: deps.store, logger }), reviewsPolicy({ store: deps.store, logger })],
  };
}
