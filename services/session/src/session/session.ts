// The session aggregate: one candidate's asynchronous text interview, created from an invite (the
// session id is the invite id). It holds a snapshot of the job and its questions as they were when
// the candidate was invited, the answers, the invite's link as the session follows it (the current
// link id, the ones it had before, the expiry: what the candidate endpoints open links against) and
// the latest analysis. Stream: `session-<sessionId>`.
import { sessionEventNames as types, type Analysis, type sessionEventSchemas } from '@candor/contracts';
import type { z } from 'zod';

type Data<Name extends keyof typeof sessionEventSchemas> = z.infer<(typeof sessionEventSchemas)[Name]>;

export type SessionEvent =
  | { type: typeof types.SessionCreated; data: Data<'SessionCreated'> }
  | { type: typeof types.SessionLinkChanged; data: Data<'SessionLinkChanged'> }
  | { type: typeof types.SessionLinkExpirySet; data: Data<'SessionLinkExpirySet'> }
  | { type: typeof types.SessionStarted; data: Data<'SessionStarted'> }
  | { type: typeof types.AnswerSaved; data: Data<'AnswerSaved'> }
  | { type: typeof types.SessionCompleted; data: Data<'SessionCompleted'> }
  | { type: typeof types.AnalysisProduced; data: Data<'AnalysisProduced'> };

export interface SessionQuestion {
  id: string;
  text: string;
  answer: string | null;
  answeredAt: string | null;
}

export interface SessionFields {
  id: string;
  organisationId: string;
  inviteId: string;
  jobId: string;
  jobTitle: string;
  jobDescription: string;
  candidateName: string;
  candidateEmail: string;
  questions: SessionQuestion[];
  /** the invite's current link; null once it was revoked */
  linkId: string | null;
  /** every link id this session has had: link ids are random and never come back */
  linkIds: string[];
  /** when the link stops opening; null: never */
  linkExpiresAt: string | null;
  /**
   * `at` of the invite event that last set the expiry (tells a replayed change from news); '' for a
   * session created before the session service followed expiries
   */
  linkExpirySetAt: string;
  invitedAt: string;
  startedAt: string | null;
  completedAt: string | null;
  /** the latest analysis (the cache the recruiter's page reads) */
  analysis: Analysis | null;
}

export type SessionStatus = 'invited' | 'in_progress' | 'completed';
export type Session = { status: 'none' } | ({ status: SessionStatus } & SessionFields);
export type ExistingSession = Exclude<Session, { status: 'none' }>;

export const initialState = (): Session => ({ status: 'none' });

export function evolve(state: Session, event: SessionEvent): Session {
  if (event.type === types.SessionCreated) {
    const { sessionId, organisationId, inviteId, jobId, jobTitle, jobDescription, candidateName, candidateEmail } =
      event.data;
    return {
      status: 'invited',
      id: sessionId,
      organisationId,
      inviteId,
      jobId,
      jobTitle,
      jobDescription,
      candidateName,
      candidateEmail,
      questions: event.data.questions.map(({ id, text }) => ({ id, text, answer: null, answeredAt: null })),
      linkId: event.data.linkId,
      linkIds: [event.data.linkId],
      linkExpiresAt: event.data.linkExpiresAt ?? null,
      linkExpirySetAt: event.data.linkExpiresAt === undefined ? '' : event.data.createdAt,
      invitedAt: event.data.createdAt,
      startedAt: null,
      completedAt: null,
      analysis: null,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case types.SessionLinkChanged: {
      const { linkId, expiresAt, at } = event.data;
      const linkIds = linkId === null || state.linkIds.includes(linkId) ? state.linkIds : [...state.linkIds, linkId];
      // a re-issued link comes with its own expiry; a revoke leaves nothing to open
      const expiry = linkId !== null && expiresAt !== undefined ? { linkExpiresAt: expiresAt, linkExpirySetAt: at } : {};
      return { ...state, linkId, linkIds, ...expiry };
    }
    case types.SessionLinkExpirySet:
      return { ...state, linkExpiresAt: event.data.expiresAt, linkExpirySetAt: event.data.at };
    case types.SessionStarted:
      return { ...state, status: 'in_progress', startedAt: event.data.at };
    case types.AnswerSaved: {
      const { questionId, text, at } = event.data;
      const questions = state.questions.map((question) =>
        question.id === questionId ? { ...question, answer: text, answeredAt: at } : question,
      );
      return { ...state, questions };
    }
    case types.SessionCompleted:
      return { ...state, status: 'completed', completedAt: event.data.at };
    case types.AnalysisProduced:
      return { ...state, analysis: event.data.analysis };
  }
}

export const sessionStream = (sessionId: string) => `session-${sessionId}`;
