// The recruiter's viewing logs, from the share links read model and scoped to their organisation:
// one link's, and every link of an interview together (what the Share tab shows). Each entry is the
// time, the link's name and a coarse user agent; no address was ever stored.
import { Router } from 'express';
import { shareLinkIdParams, sharedInterviewParams, type ViewingLogResponse } from '@candor/contracts';
import {
  NotFoundError,
  recruiterOf,
  requireRecruiter,
  route,
  type ProjectionRunner,
  type SessionTokens,
} from '@candor/runtime';
import type { ShareLinksQuery } from '../read-models/share-links/query';
import { listQuery } from './link-routes';

export function viewingLogRoutes(deps: {
  tokens: SessionTokens;
  links: ShareLinksQuery;
  linksRunner: Pick<ProjectionRunner, 'waitFor'>;
  readWaitMs: number;
}): Router {
  const router = Router();
  router.use(requireRecruiter(deps.tokens));
  const caughtUpTo = async (waitFor: { streamId: string; position: number } | undefined) => {
    if (waitFor) await deps.linksRunner.waitFor(waitFor.streamId, waitFor.position, deps.readWaitMs);
  };

  router.get(
    '/interviews/:liveInterviewId/views',
    route({ params: sharedInterviewParams, query: listQuery }, async ({ params, query }, _req, res) => {
      await caughtUpTo(query.waitFor);
      const views = await deps.links.interviewViewingLog(recruiterOf(res).org, params.liveInterviewId);
      const answer: ViewingLogResponse = { views };
      return { body: answer };
    }),
  );
  router.get(
    '/links/:shareLinkId/views',
    route({ params: shareLinkIdParams, query: listQuery }, async ({ params, query }, _req, res) => {
      await caughtUpTo(query.waitFor);
      const views = await deps.links.viewingLog(recruiterOf(res).org, params.shareLinkId);
      if (!views) throw new NotFoundError('No such share link.');
      const answer: ViewingLogResponse = { views };
      return { body: answer };
    }),
  );
  return router;
}
