// The invite service as a factory: jobs and their questions, invites of candidates and their links
// (the session service opens those: it follows their link ids), live-interview templates and the
// live interviews scheduled on them with their two links (and the exchange of a live link for a
// live token).
import { Router } from 'express';
import { topics } from '@candor/contracts';
import {
  linkOpenLimiters,
  type RateLimitStores,
  type DocumentStore,
  type EventStore,
  type LinkRateLimits,
  type LinkTokens,
  type LiveTokens,
  type Projection,
  type ProjectionRunner,
  type SessionTokens,
} from '@candor/runtime';
import { invitesProjection } from './read-models/invites/projection';
import { invitesQuery } from './read-models/invites/query';
import { liveLinkRoutes } from './live-link-routes';
import { liveRoutes } from './live-routes';
import { liveInterviewsProjection } from './read-models/live-interviews/projection';
import { liveInterviewsQuery } from './read-models/live-interviews/query';
import { liveTemplatesProjection } from './read-models/live-templates/projection';
import { liveTemplatesQuery } from './read-models/live-templates/query';
import { jobsProjection } from './read-models/jobs/projection';
import { jobsQuery, type JobsQuery } from './read-models/jobs/query';
import { inviteRoutes } from './routes';

export const inviteService = {
  name: 'invite',
  schema: 'invite',
  topic: topics.invite,
  mountPath: '/api/invite',
} as const;

/** The read models this service keeps; the composition runs one projection runner per entry. */
export const inviteProjections: Projection<any, any>[] = [
  jobsProjection,
  invitesProjection,
  liveTemplatesProjection,
  liveInterviewsProjection,
];

export interface InviteService {
  router: Router;
  jobs: JobsQuery;
}

export function createInviteService(deps: {
  store: EventStore;
  documents: DocumentStore;
  tokens: SessionTokens;
  linkTokens: LinkTokens;
  /** signs the live token a live link is exchanged for (same secret as the sessions, own audience) */
  liveTokens: LiveTokens;
  runners: Record<string, Pick<ProjectionRunner, 'waitFor'>>;
  now?: () => Date;
  linkRateLimits?: LinkRateLimits;
  /** where the link limits count (the service's database, shared by its replicas); default in memory */
  rateLimitStores?: RateLimitStores;
}): InviteService {
  const now = deps.now ?? (() => new Date());
  const jobs = jobsQuery(deps.documents);
  // looked up when a read waits, so a composition that keeps only some read models (the bench) still works
  const runner = (name: string): Pick<ProjectionRunner, 'waitFor'> => ({
    waitFor(streamId, position, timeoutMs) {
      const found = deps.runners[name];
      if (!found) throw new Error(`no projection runner for ${name}`);
      return found.waitFor(streamId, position, timeoutMs);
    },
  });
  const router = Router();
  // the live-link exchange needs no account: mounted before the recruiter check, behind the link limits
  const limiters = linkOpenLimiters(deps.linkRateLimits, deps.rateLimitStores);
  router.use(liveLinkRoutes({ store: deps.store, linkTokens: deps.linkTokens, liveTokens: deps.liveTokens, limiters, now }));
  router.use(
    inviteRoutes({
      store: deps.store,
      tokens: deps.tokens,
      jobs,
      jobsRunner: runner(jobsProjection.name),
      invites: invitesQuery(deps.documents, now),
      invitesRunner: runner(invitesProjection.name),
      linkTokens: deps.linkTokens,
      now,
    }),
  );
  router.use(
    liveRoutes({
      store: deps.store,
      tokens: deps.tokens,
      linkTokens: deps.linkTokens,
      templates: liveTemplatesQuery(deps.documents),
      templatesRunner: runner(liveTemplatesProjection.name),
      interviews: liveInterviewsQuery(deps.documents),
      interviewsRunner: runner(liveInterviewsProjection.name),
      now,
    }),
  );
  return { router, jobs };
}
