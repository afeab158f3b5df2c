// The candidate's side of an asynchronous interview, mounted under /api/session/candidate, with no
// account: every request carries the link token itself (`Authorization: Bearer <link token>`). The
// session is found by the token's subject and the link judged against the session's write model
// (checkCandidateLink), so a page view is one request and one stream read; commands are decided
// against the write model again (admitCandidate). Writes answer with the new view, which saves the
// page a second request. Link refusals are those of every link (runtime `linkRefusal`).
// The session's folded state is kept per stream version (runtime `foldedStates`): a view still reads
// the stream (from memory in the embedded mode) and folds only events it has not folded yet, and a
// command hands its new state back (write-through), so a revoke is seen by the very next request.
import { setTimeout as sleep } from 'node:timers/promises';
import { Router, type RequestHandler, type Response } from 'express';
import { inviteLinkPurpose, questionIdParams, saveAnswerRequest, type CandidateSessionView } from '@candor/contracts';
import {
  bearerTokenOf,
  foldedStates,
  handleCommand,
  linkOpenLimiters,
  type RateLimitStores,
  linkRefusal,
  route,
  type EventStore,
  type LinkRateLimits,
  type LinkTokens,
} from '@candor/runtime';
import {
  admitCandidate,
  candidateView,
  checkCandidateLink,
  sessionDecider,
  sessionStream,
  type CandidateAccess,
  type ExistingSession,
  type Session,
  type SessionCommand,
} from '../session';

export interface CandidateRouteDeps {
  store: EventStore;
  linkTokens: LinkTokens;
  now: () => Date;
  rateLimits: LinkRateLimits;
  rateLimitStores?: RateLimitStores;
  /** how long a request waits for a session the invite policy has not created yet */
  preparingWaitMs: number;
}

type CandidateCommand = Extract<SessionCommand, { type: 'Start' | 'SaveAnswer' | 'Submit' }>;

interface OpenedLink {
  session: ExistingSession;
  access: CandidateAccess;
}

// Capability pages: nothing about an interview is kept by a cache or sent on in a Referer.
const privateAnswers: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Robots-Tag', 'noindex');
  next();
};

export function candidateRoutes(deps: CandidateRouteDeps): Router {
  const { store, linkTokens, now } = deps;
  const router = Router();
  const sessions = foldedStates(store, sessionDecider);

  /**
   * The session, waiting (bounded) while it does not exist yet: a link opened within moments of the
   * invite can arrive before the policy has created the session. A token naming a session that never
   * comes is as invalid as any other wrong token (same answer, nothing about why).
   */
  async function preparedSession(sessionId: string): Promise<Session> {
    const deadline = Date.now() + deps.preparingWaitMs;
    for (;;) {
      const { state: session } = await sessions.load(sessionStream(sessionId));
      if (session.status !== 'none' || Date.now() >= deadline) return session;
      await sleep(Math.min(100, Math.max(0, deadline - Date.now())));
    }
  }

  const openLink: RequestHandler = (req, res, next) => {
    const token = bearerTokenOf(req);
    const sessionId = token === undefined ? null : linkTokens.subjectOf(token);
    if (token === undefined || sessionId === null) return next(linkRefusal('invalid'));
    preparedSession(sessionId).then((state) => {
      const check = checkCandidateLink(
        state,
        (links) => linkTokens.match(token, inviteLinkPurpose, sessionId, links),
        now().toISOString(),
      );
      if (!check.valid) return next(linkRefusal(check.reason));
      const opened: OpenedLink = { session: check.session, access: check.access };
      res.locals.opened = opened;
      next();
    }, next);
  };

  router.use(...linkOpenLimiters(deps.rateLimits, deps.rateLimitStores), privateAnswers, openLink);

  const openedOf = (res: Response): OpenedLink => res.locals.opened as OpenedLink;

  async function run(
    res: Response,
    command: (by: { sessionId: string; candidate: CandidateAccess; at: string }) => CandidateCommand,
  ): Promise<{ body: CandidateSessionView }> {
    const { session, access } = openedOf(res);
    const at = now().toISOString();
    const outcome = await handleCommand(
      store,
      sessionStream(session.id),
      sessionDecider,
      command({ sessionId: session.id, candidate: access, at }),
      // a candidate is known by the link they came through (a link id is not a working token)
      { occurredAt: at, actorId: access.linkId, organisationId: session.organisationId },
    );
    if (outcome.position > 0) sessions.keep(outcome.streamId, { state: outcome.state, version: outcome.nextVersion });
    return { body: candidateView(admitCandidate(outcome.state, access, at)) };
  }

  router.get(
    '/session',
    route({}, async (_input, _req, res) => ({ body: candidateView(openedOf(res).session) })),
  );

  router.post(
    '/session/start',
    route({}, async (_input, _req, res) => run(res, (by) => ({ type: 'Start', ...by }))),
  );

  router.put(
    '/session/answers/:questionId',
    route({ params: questionIdParams, body: saveAnswerRequest }, async ({ params, body }, _req, res) =>
      run(res, (by) => ({ type: 'SaveAnswer', questionId: params.questionId, text: body.text, ...by })),
    ),
  );

  router.post(
    '/session/submit',
    route({}, async (_input, _req, res) => run(res, (by) => ({ type: 'Submit', ...by }))),
  );
  return router;
}
