// Opening a live link, with no account: POST /live-links/open { token, role } checks the token
// against the write model for that role and answers a 2-minute live token (the media service turns
// it into a room token). The frontend asks on every page load and every room-token request, so a
// revoked link or a cancelled interview stops on the next one. Malformed, unknown, forged and
// wrong-role tokens get the same answer; the rate limits are those of the invite links (shared).
import { Router, type RequestHandler } from 'express';
import { liveLinkPurposes, liveProblemTypes, openLiveLinkRequest, type OpenLiveLinkResponse } from '@candor/contracts';
import { GoneError, linkRefusal, route, type EventStore, type LinkTokens, type LiveTokens } from '@candor/runtime';
import {
  checkLiveLink,
  liveInterviewDecider,
  liveInterviewStream,
  liveInterviewSummaryOf,
  type LiveInterviewEvent,
} from './live-interview';

export function liveLinkRoutes(deps: {
  store: EventStore;
  linkTokens: LinkTokens;
  liveTokens: LiveTokens;
  limiters: RequestHandler[];
}): Router {
  const { store, linkTokens, liveTokens } = deps;
  const router = Router();
  router.post(
    '/live-links/open',
    ...deps.limiters,
    route({ body: openLiveLinkRequest }, async ({ body }, _req, res) => {
      // the answer carries a bearer token; a refusal must not be cached either
      res.setHeader('Cache-Control', 'no-store');
      const liveInterviewId = linkTokens.subjectOf(body.token);
      if (!liveInterviewId) throw linkRefusal('invalid');
      let state = liveInterviewDecider.initialState();
      for (const event of await store.readStream(liveInterviewStream(liveInterviewId)))
        state = liveInterviewDecider.evolve(state, event as unknown as LiveInterviewEvent);
      const purpose = liveLinkPurposes[body.role];
      const check = checkLiveLink(state, body.role, (links) =>
        linkTokens.match(body.token, purpose, liveInterviewId, links),
      );
      if (!check.valid) {
        if (check.reason === 'cancelled')
          throw new GoneError('This interview has been cancelled.', liveProblemTypes.cancelled);
        throw linkRefusal(check.reason);
      }
      const { interview } = check;
      const { token, expiresAt } = await liveTokens.sign({
        sub: liveInterviewId,
        org: interview.organisationId,
        role: body.role,
        lid: check.linkId,
      });
      const answer: OpenLiveLinkResponse = {
        role: body.role,
        interview: liveInterviewSummaryOf(interview),
        liveToken: token,
        expiresAt,
      };
      return { body: answer };
    }),
  );
  return router;
}
