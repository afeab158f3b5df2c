// Client of the session service: interview sessions (the recruiter's list and detail, the analysis)
// and the candidate's side of a session. Named apart from `session.ts`, which is the recruiter's
// log-in session.
import {
  analysisResponse,
  apiPaths,
  candidateSessionView,
  listSessionsResponse,
  sessionDetailResponse,
  type AnalysisResponse,
  type CandidateSessionView,
  type ListSessionsResponse,
  type SessionDetailResponse,
  type SessionStatus,
} from '@candor/contracts';
import { callService, type ResponseSchema } from './http';
import type { ReadOptions } from './invite';

export interface SessionFilter {
  status?: SessionStatus;
  jobId?: string;
  /** searched in candidate name and email */
  q?: string;
  page?: number;
  pageSize?: number;
}

export function listSessions(token: string, filter: SessionFilter & ReadOptions = {}): Promise<ListSessionsResponse> {
  return callService('session', listSessionsResponse, {
    path: apiPaths.session.sessions,
    query: {
      status: filter.status,
      jobId: filter.jobId,
      q: filter.q,
      page: filter.page?.toString(),
      pageSize: filter.pageSize?.toString(),
      waitFor: filter.waitFor,
    },
    token,
  });
}

export function getSession(
  token: string,
  sessionId: string,
  options: ReadOptions = {},
): Promise<SessionDetailResponse> {
  return callService('session', sessionDetailResponse, {
    path: apiPaths.session.session(sessionId),
    query: { waitFor: options.waitFor },
    token,
  });
}

/**
 * Runs (or returns the cached) analysis of a completed session. A failing analyser is an answer
 * (`ok: false`), not an error; 409 means the session is not completed.
 */
export function analyseSession(token: string, sessionId: string, rerun: boolean): Promise<AnalysisResponse> {
  return callService('session', analysisResponse, {
    method: 'POST',
    path: apiPaths.session.analysis(sessionId),
    body: { rerun },
    token,
    // an LLM analyser can take a while; the page shows the answers meanwhile
    timeoutMs: 120_000,
  });
}

// Candidate side, no account: each call carries the candidate's link token itself; the session
// service opens the link against its write model on every request, so a withdrawn or expired link
// stops at the next one. One call per page view.

/** The contracts fix no body for the candidate's commands, and the pages only need the status. */
const candidateCommandResult: ResponseSchema<void> = { parse: () => undefined };

export interface CandidateCall {
  /** the token of the candidate's link (`/i/<token>`); never logged */
  linkToken: string;
  clientAddress: string;
}

export function getCandidateSession({ linkToken, clientAddress }: CandidateCall): Promise<CandidateSessionView> {
  return callService('session', candidateSessionView, {
    path: apiPaths.session.candidate,
    token: linkToken,
    clientAddress,
  });
}

export function startCandidateSession({ linkToken, clientAddress }: CandidateCall): Promise<void> {
  return callService('session', candidateCommandResult, {
    method: 'POST',
    path: apiPaths.session.candidateStart,
    token: linkToken,
    clientAddress,
  });
}

export function saveCandidateAnswer(
  { linkToken, clientAddress }: CandidateCall,
  questionId: string,
  text: string,
): Promise<void> {
  return callService('session', candidateCommandResult, {
    method: 'PUT',
    path: apiPaths.session.candidateAnswer(questionId),
    body: { text },
    token: linkToken,
    clientAddress,
  });
}

/** 409 once submitted: a submitted interview takes no more answers. */
export function submitCandidateSession({ linkToken, clientAddress }: CandidateCall): Promise<void> {
  return callService('session', candidateCommandResult, {
    method: 'POST',
    path: apiPaths.session.candidateSubmit,
    token: linkToken,
    clientAddress,
  });
}
