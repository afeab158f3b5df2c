// The candidate side of invite links, with no account: POST /links/open { token } checks the token
// against the write model and answers a short-lived candidate token for the session service. The
// frontend calls it on every candidate request, so a revoked or expired link stops on the next one.
// Malformed, unknown and forged tokens get the same answer; rate limits apply per client address
// (the frontend forwards it; the app trusts loopback proxies only).
import { Router, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { linkProblemTypes, openLinkRequest, type OpenLinkResponse } from '@candor/contracts';
import {
  GoneError,
  NotFoundError,
  route,
  sendProblem,
  type CandidateTokens,
  type EventStore,
  type LinkTokens,
} from '@candor/runtime';
import { checkLink, inviteDecider, inviteLinkPurpose, inviteStream, type InviteEvent } from './invite';

export interface LinkRateLimits {
  /** opens per client address per window (default 120 a minute) */
  opens: { windowMs: number; limit: number };
  /** refused opens (wrong, revoked, expired tokens) per client address per window (default 30 in 10 minutes) */
  refusals: { windowMs: number; limit: number };
}

export const defaultLinkRateLimits: LinkRateLimits = {
  opens: { windowMs: 60_000, limit: 120 },
  refusals: { windowMs: 10 * 60_000, limit: 30 },
};

function limiter(
  { windowMs, limit }: { windowMs: number; limit: number },
  skipSuccessfulRequests: boolean,
): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    skipSuccessfulRequests,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) =>
      sendProblem(
        res,
        429,
        'Too many requests',
        'Too many attempts to open interview links; wait a few minutes and try again.',
      ),
  });
}

/**
 * The rate limits in front of every link-open endpoint (invite links and live links). One pair is
 * shared by all of them, so a guesser gets one budget of refusals per address, not one per endpoint.
 */
export function linkOpenLimiters(limits: LinkRateLimits = defaultLinkRateLimits): RequestHandler[] {
  return [limiter(limits.opens, false), limiter(limits.refusals, true)];
}

export function linkRoutes(deps: {
  store: EventStore;
  linkTokens: LinkTokens;
  candidateTokens: CandidateTokens;
  now: () => Date;
  rateLimits?: LinkRateLimits;
  /** shared with the other link-open routes; built from `rateLimits` when absent */
  limiters?: RequestHandler[];
}): Router {
  const { store, linkTokens, candidateTokens, now } = deps;
  const router = Router();
  router.post(
    '/links/open',
    ...(deps.limiters ?? linkOpenLimiters(deps.rateLimits)),
    route({ body: openLinkRequest }, async ({ body }) => {
      const invalid = () => new NotFoundError('This interview link is not valid.', linkProblemTypes.invalid);
      const inviteId = linkTokens.subjectOf(body.token);
      if (!inviteId) throw invalid();
      let state = inviteDecider.initialState();
      for (const event of await store.readStream(inviteStream(inviteId)))
        state = inviteDecider.evolve(state, event as unknown as InviteEvent);
      const check = checkLink(
        state,
        (linkId) => linkTokens.verify(body.token, inviteLinkPurpose, inviteId, linkId),
        now().toISOString(),
      );
      if (!check.valid) {
        if (check.reason === 'revoked')
          throw new GoneError('This interview link has been withdrawn.', linkProblemTypes.revoked);
        if (check.reason === 'expired')
          throw new GoneError('This interview link has expired.', linkProblemTypes.expired);
        throw invalid();
      }
      if (state.status === 'none') throw invalid();
      const { token, expiresAt } = candidateTokens.sign({
        sub: inviteId,
        org: state.organisationId,
        inv: inviteId,
        lid: check.linkId,
      });
      const answer: OpenLinkResponse = { inviteId, sessionId: inviteId, candidateToken: token, expiresAt };
      return { body: answer };
    }),
  );
  return router;
}
