// The invite service as a factory. This issue brings jobs and questions; invites and their links,
// and live-interview templates, arrive with later issues in the same service.
import type { Router } from 'express';
import { topics } from '@candor/contracts';
import type { DocumentStore, EventStore, Projection, ProjectionRunner, SessionTokens } from '@candor/runtime';
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
export const inviteProjections: Projection<any, any>[] = [jobsProjection];

export interface InviteService {
  router: Router;
  jobs: JobsQuery;
}

export function createInviteService(deps: {
  store: EventStore;
  documents: DocumentStore;
  tokens: SessionTokens;
  runners: Record<string, Pick<ProjectionRunner, 'waitFor'>>;
  now?: () => Date;
}): InviteService {
  const jobs = jobsQuery(deps.documents);
  const jobsRunner = deps.runners[jobsProjection.name];
  if (!jobsRunner) throw new Error(`no projection runner for ${jobsProjection.name}`);
  const router = inviteRoutes({
    store: deps.store,
    tokens: deps.tokens,
    jobs,
    jobsRunner,
    now: deps.now ?? (() => new Date()),
  });
  return { router, jobs };
}
