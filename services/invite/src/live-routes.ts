// Recruiter routes of live interviews, mounted under /api/invite behind the recruiter check: one
// function per resource — templates (live-template-routes.ts), interviews (live-interview-routes.ts)
// and an interview's two links (live-interview-link-routes.ts, derived on demand from the write
// model as paths `/join/<token>` and `/host/<token>`; no token is stored). What they share (running
// a command, loading a stream, waiting for a read model) is live-commands.ts.
import { Router } from 'express';
import {
  requireRecruiter,
  type EventStore,
  type LinkTokens,
  type ProjectionRunner,
  type SessionTokens,
} from '@candor/runtime';
import { liveCommands } from './live-commands';
import { addLiveInterviewLinkRoutes } from './live-interview-link-routes';
import { addLiveInterviewRoutes } from './live-interview-routes';
import { addLiveTemplateRoutes } from './live-template-routes';
import type { LiveInterviewsQuery } from './read-models/live-interviews/query';
import type { LiveTemplatesQuery } from './read-models/live-templates/query';

export interface LiveRouteDeps {
  store: EventStore;
  tokens: SessionTokens;
  linkTokens: LinkTokens;
  templates: LiveTemplatesQuery;
  templatesRunner: Pick<ProjectionRunner, 'waitFor'>;
  interviews: LiveInterviewsQuery;
  interviewsRunner: Pick<ProjectionRunner, 'waitFor'>;
  now: () => Date;
  readWaitMs?: number;
}

export function liveRoutes(deps: LiveRouteDeps): Router {
  const { store, linkTokens, now } = deps;
  const live = liveCommands({ store, linkTokens, now, readWaitMs: deps.readWaitMs ?? 2_000 });
  const router = Router();
  router.use(requireRecruiter(deps.tokens));
  addLiveTemplateRoutes(router, live, deps.templates, deps.templatesRunner);
  addLiveInterviewRoutes(router, live, {
    interviews: deps.interviews,
    interviewsRunner: deps.interviewsRunner,
    linkTokens,
  });
  addLiveInterviewLinkRoutes(router, live, linkTokens);
  return router;
}
