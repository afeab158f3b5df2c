// The candidate's side of an asynchronous interview, mounted under /api/session/candidate. The
// candidate token (from the invite service, minted when the link was opened) names the session;
// every request is checked against the session's write model, so a revoked or re-issued link stops
// working at once. Writes answer with the new view, which saves the page a second request.
import { setTimeout as sleep } from 'node:timers/promises';
import { Router, type RequestHandler, type Response } from 'express';
import { questionIdParams, saveAnswerRequest, type CandidateSessionView } from '@candor/contracts';
import {
  candidateOf,
  handleCommand,
  requireCandidate,
  route,
  ServiceUnavailableError,
  type CandidateTokens,
  type EventStore,
} from '@candor/runtime';
import {
  admitCandidate,
  candidateView,
  loadSession,
  sessionDecider,
  sessionStream,
  type CandidateAccess,
  type Session,
  type SessionCommand,
} from '../session';
import { candidateRateLimit, type CandidateRateLimit } from './candidate-rate-limit';

export interface CandidateRouteDeps {
  store: EventStore;
  candidateTokens: CandidateTokens;
  now: () => Date;
  rateLimit: CandidateRateLimit;
  /** how long a request waits for a session the invite policy has not created yet */
  preparingWaitMs: number;
}

type CandidateCommand = Extract<SessionCommand, { type: 'Start' | 'SaveAnswer' | 'Submit' }>;

// Capability pages: nothing about an interview is kept by a cache or sent on in a Referer.
const privateAnswers: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Robots-Tag', 'noindex');
  next();
};

export function candidateRoutes(deps: CandidateRouteDeps): Router {
  const { store, now } = deps;
  const router = Router();
  router.use(candidateRateLimit(deps.rateLimit), privateAnswers, requireCandidate(deps.candidateTokens));

  function access(res: Response): { sessionId: string; candidate: CandidateAccess } {
    const claims = candidateOf(res);
    return {
      sessionId: claims.sub,
      candidate: { organisationId: claims.org, inviteId: claims.inv, linkId: claims.lid },
    };
  }

  /**
   * The session, waiting (bounded) while it does not exist yet: a link opened within moments of the
   * invite can arrive before the policy has created the session.
   */
  async function preparedSession(sessionId: string, res: Response): Promise<Session> {
    const deadline = Date.now() + deps.preparingWaitMs;
    for (;;) {
      const session = await loadSession(store, sessionId);
      if (session.status !== 'none') return session;
      if (Date.now() >= deadline) break;
      await sleep(Math.min(100, Math.max(0, deadline - Date.now())));
    }
    res.setHeader('Retry-After', '2');
    throw new ServiceUnavailableError('Your interview is being prepared; try again in a moment.');
  }

  async function run(
    res: Response,
    command: (by: { sessionId: string; candidate: CandidateAccess; at: string }) => CandidateCommand,
  ): Promise<{ body: CandidateSessionView }> {
    const { sessionId, candidate } = access(res);
    await preparedSession(sessionId, res);
    const at = now().toISOString();
    const outcome = await handleCommand(
      store,
      sessionStream(sessionId),
      sessionDecider,
      command({ sessionId, candidate, at }),
      // a candidate is known by the link they came through (a link id is not a working token)
      { occurredAt: at, actorId: candidate.linkId, organisationId: candidate.organisationId },
    );
    return { body: candidateView(admitCandidate(outcome.state, candidate)) };
  }

  router.get(
    '/session',
    route({}, async (_input, _req, res) => {
      const { sessionId, candidate } = access(res);
      return { body: candidateView(admitCandidate(await preparedSession(sessionId, res), candidate)) };
    }),
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
