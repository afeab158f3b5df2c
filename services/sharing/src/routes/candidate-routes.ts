// POST /candidate/shares { token } — the candidate, from their own live candidate link after the
// interview, sees that it was shared and viewed: how many share links were made and when views were
// counted; never who viewed, nor the links' names, nor anything else of the links. The token is the
// invite service's candidate link (its purpose, `CANDOR_LINK_KEYS`); this service checks it against
// the candidate link id it follows into its own write model (`shared-interview-<id>`), so a revoked
// or re-issued link tells nothing. Unknown, forged and revoked tokens get one 404; rate limited like
// the viewer's endpoints; capability-page headers.
import { Router, type RequestHandler } from 'express';
import { shareTokenRequest, type CandidateSharesResponse } from '@candor/contracts';
import { linkRefusal, route, type EventStore } from '@candor/runtime';
import type { ShareLinksQuery } from '../read-models/share-links/query';
import type { ShareTokens } from '../share-tokens';
import { sharedInterviewDecider, sharedInterviewStream, type SharedInterviewEvent } from '../shared-interview';

export function candidateRoutes(deps: {
  store: EventStore;
  shareTokens: ShareTokens;
  links: ShareLinksQuery;
  limiters: RequestHandler[];
}): Router {
  const router = Router();
  router.post(
    '/candidate/shares',
    ...deps.limiters,
    route({ body: shareTokenRequest }, async ({ body }, _req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Referrer-Policy', 'no-referrer');
      const liveInterviewId = deps.shareTokens.candidateInterviewOf(body.token);
      if (!liveInterviewId) throw linkRefusal('invalid');
      let state = sharedInterviewDecider.initialState();
      for (const event of await deps.store.readStream(sharedInterviewStream(liveInterviewId)))
        state = sharedInterviewDecider.evolve(state, event as unknown as SharedInterviewEvent);
      const linkId = state.facts?.candidateLinkId;
      if (!linkId || !deps.shareTokens.verifyCandidate(body.token, liveInterviewId, linkId)) throw linkRefusal('invalid');
      const answer: CandidateSharesResponse = await deps.links.ofInterview(liveInterviewId);
      return { body: answer };
    }),
  );
  return router;
}
