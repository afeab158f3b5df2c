// The candidate's side of an interview link. Every page load and every action sends the link token
// to the session service, which opens it against its write model each time (revocation, re-issue,
// expiry), so a withdrawn link stops working on the candidate's next click. The token stays on this
// server's calls and is never logged.
import { error } from '@sveltejs/kit';
import { linkProblemTypes } from '@candor/contracts';
import { ApiError } from './http';
import type { CandidateCall } from './session-service';

const problemBase = 'https://candor.dev/problems/';

export type LinkProblem = 'invalid' | 'revoked' | 'expired';

/** What a refused link means to the candidate. Wrong tokens all say the same: nothing about why. */
export function linkProblem(cause: ApiError): LinkProblem | null {
  if (cause.type === problemBase + linkProblemTypes.revoked) return 'revoked';
  if (cause.type === problemBase + linkProblemTypes.expired) return 'expired';
  if (cause.type === problemBase + linkProblemTypes.invalid) return 'invalid';
  // a malformed token (400) is as unknown as a wrong one; a 410 of another kind is withdrawn too
  if (cause.status === 404 || cause.status === 400) return 'invalid';
  if (cause.status === 410) return 'revoked';
  return null;
}

const linkPages = {
  invalid: {
    status: 404,
    message: 'This interview link is not valid',
    hint: 'Check that you opened the whole link from your invitation. If it still does not work, contact the person who invited you.',
  },
  revoked: {
    status: 410,
    message: 'This interview link has been withdrawn',
    hint: 'The person who invited you has withdrawn this link. If you think this is a mistake, please contact them: they can send you a new one.',
  },
  expired: {
    status: 410,
    message: 'This interview link has expired',
    hint: 'If you would still like to take this interview, please contact the person who invited you: they can send you a new link.',
  },
} as const;

/** Turns a failed call into the candidate's error page; never a stack trace, never a 500 for a bad link. */
export function candidateError(cause: unknown): never {
  if (!(cause instanceof ApiError)) throw cause;
  const problem = linkProblem(cause);
  if (problem) {
    const { status, message, hint } = linkPages[problem];
    error(status, { message, hint });
  }
  if (cause.status === 429) {
    error(429, { message: 'Too many attempts', hint: 'Please wait a minute, then reload this page.' });
  }
  error(503, {
    message: 'The interview could not be loaded',
    hint: 'Please try again in a moment. The answers you have saved are kept.',
  });
}

interface CandidateEvent {
  params: { token: string };
  getClientAddress(): string;
}

/**
 * Runs `call` with the candidate's link. A refused link (not valid, withdrawn, expired) is the
 * caller's to turn into the candidate's page (`candidateError`); other failures too.
 */
export function asCandidate<T>(event: CandidateEvent, call: (candidate: CandidateCall) => Promise<T>): Promise<T> {
  return call({ linkToken: event.params.token, clientAddress: event.getClientAddress() });
}
