// The invite service as a factory: jobs and their questions, invites of candidates and their links
// (and the candidate's exchange of a link for a candidate token). Live-interview templates arrive
// with a later issue in the same service.
import { Router } from 'express';
import { topics } from '@candor/contracts';
import type {
  CandidateTokens,
  DocumentStore,
  EventStore,
  LinkTokens,
  Projection,
  ProjectionRunner,
  SessionTokens,
} from '@candor/runtime';
import { invitesProjection } from './read-models/invites/projection';
import { invitesQuery } from './read-models/invites/query';
import { linkRoutes, type LinkRateLimits } from './link-routes';
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
export const inviteProjections: Projection<any, any>[] = [jobsProjection, invitesProjection];

export interface InviteService {
  router: Router;
  jobs: JobsQuery;
}

export function createInviteService(deps: {
  store: EventStore;
  documents: DocumentStore;
  tokens: SessionTokens;
  candidateTokens: CandidateTokens;
  linkTokens: LinkTokens;
  runners: Record<string, Pick<ProjectionRunner, 'waitFor'>>;
  now?: () => Date;
  linkRateLimits?: LinkRateLimits;
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
  // the candidate's link exchange needs no account: mounted before the recruiter check
  router.use(
    linkRoutes({
      store: deps.store,
      linkTokens: deps.linkTokens,
      candidateTokens: deps.candidateTokens,
      now,
      rateLimits: deps.linkRateLimits,
    }),
  );
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
  return { router, jobs };
}
