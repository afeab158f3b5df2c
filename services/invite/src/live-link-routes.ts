// Opening a live link, with no account: POST /live-links/open { token, role } checks the token
// against the write model for that role and answers a 2-minute live token (the media service turns
// it into a room token). The frontend asks on every page load and every room-token request, so a
// revoked link or a cancelled interview stops on the next one. Malformed, unknown, forged and
// wrong-role tokens get the same answer; the rate limits are those of the invite links (shared).
// POST /live-links/decline { token, note? }: the candidate declines through their current link; both
// links answer 410 "declined by the candidate" from then on. Declining again through the same link
// (a double submit, a reload) answers 204 again and writes nothing.
// The interview's folded state is kept per stream version (runtime `foldedStates`): an open still
// reads the stream and folds only what it has not seen, so a revoke or a cancel is never missed.
import { Router, type RequestHandler } from 'express';
import {
  declineLiveInterviewRequest,
  liveLinkPurposes,
  liveProblemTypes,
  openLiveLinkRequest,
  type LiveRole,
  type OpenLiveLinkResponse,
} from '@candor/contracts';
import {
  foldedStates,
  GoneError,
  handleCommand,
  linkRefusal,
  route,
  type EventStore,
  type LinkTokens,
  type LiveTokens,
} from '@candor/runtime';
import {
  checkLiveLink,
  liveInterviewDecider,
  liveInterviewStream,
  liveInterviewSummaryOf,
  type LiveInterview,
  type LiveInterviewEvent,
} from './live-interview';

export function liveLinkRoutes(deps: {
  store: EventStore;
  linkTokens: LinkTokens;
  liveTokens: LiveTokens;
  limiters: RequestHandler[];
  now?: () => Date;
}): Router {
  const { store, linkTokens, liveTokens } = deps;
  const now = deps.now ?? (() => new Date());
  const router = Router();

  const interviews = foldedStates<LiveInterview, LiveInterviewEvent>(store, liveInterviewDecider);
  async function load(liveInterviewId: string): Promise<LiveInterview> {
    return (await interviews.load(liveInterviewStream(liveInterviewId))).state;
  }

  /** What the token opens for `role` in this state, or the refusal its holder is told (a problem). */
  function opened(state: LiveInterview, liveInterviewId: string, token: string, role: LiveRole) {
    const check = checkLiveLink(state, role, (links) =>
      linkTokens.match(token, liveLinkPurposes[role], liveInterviewId, links),
    );
    if (!check.valid) {
      if (check.reason === 'cancelled')
        throw new GoneError('This interview has been cancelled.', liveProblemTypes.cancelled);
      if (check.reason === 'declined')
        throw new GoneError('The candidate declined this interview.', liveProblemTypes.candidateDeclined);
      throw linkRefusal(check.reason);
    }
    return check;
  }

  router.post(
    '/live-links/open',
    ...deps.limiters,
    route({ body: openLiveLinkRequest }, async ({ body }, _req, res) => {
      // the answer carries a bearer token; a refusal must not be cached either
      res.setHeader('Cache-Control', 'no-store');
      const liveInterviewId = linkTokens.subjectOf(body.token);
      if (!liveInterviewId) throw linkRefusal('invalid');
      const check = opened(await load(liveInterviewId), liveInterviewId, body.token, body.role);
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

  router.post(
    '/live-links/decline',
    ...deps.limiters,
    route({ body: declineLiveInterviewRequest }, async ({ body }, _req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      const liveInterviewId = linkTokens.subjectOf(body.token);
      if (!liveInterviewId) throw linkRefusal('invalid');
      const state = await load(liveInterviewId);
      if (state.status === 'declined') {
        // the same link again: already done; any other token is refused as opening would be
        const again = linkTokens.match(body.token, liveLinkPurposes.candidate, liveInterviewId, {
          current: state.interview.candidateLinkId,
          retired: [],
        });
        if (again.kind === 'current') return { status: 204 };
      }
      const check = opened(state, liveInterviewId, body.token, 'candidate');
      const at = now().toISOString();
      const outcome = await handleCommand(
        store,
        liveInterviewStream(liveInterviewId),
        liveInterviewDecider,
        { type: 'DeclineLiveInterview', liveInterviewId, linkId: check.linkId, note: body.note, at },
        { occurredAt: at, actorId: check.linkId, organisationId: check.interview.organisationId },
      );
      if (outcome.position > 0) interviews.keep(outcome.streamId, { state: outcome.state, version: outcome.nextVersion });
      return { status: 204 };
    }),
  );
  return router;
}
