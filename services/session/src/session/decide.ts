// Commands on a session. Pure: the time, the link the candidate opened and the analysis arrive in
// the command. Candidate commands are checked against the write model here (admitCandidate), so a
// revoked, re-issued or expired link stops working on the next request that reaches it.
import { sessionEventNames as types, sessionLimits, type Analysis, type Question } from '@candor/contracts';
import { ConflictError, NotFoundError, ValidationError } from '@candor/runtime';
import { admitCandidate, type CandidateAccess } from './candidate-link';
import type { ExistingSession, Session, SessionEvent } from './session';

export const submittedMessage = 'This interview has already been submitted.';

interface ByCandidate {
  sessionId: string;
  candidate: CandidateAccess;
  at: string;
}

export type SessionCommand =
  | {
      type: 'CreateSession';
      sessionId: string;
      organisationId: string;
      inviteId: string;
      jobId: string;
      jobTitle: string;
      jobDescription: string;
      questions: Question[];
      candidateName: string;
      candidateEmail: string;
      linkId: string;
      /** the link's expiry; null: never */
      linkExpiresAt: string | null;
      at: string;
    }
  | {
      type: 'ChangeLink';
      sessionId: string;
      organisationId: string;
      /** the new link, or null when `previousLinkId` was revoked */
      linkId: string | null;
      /** the link the invite revoked or replaced */
      previousLinkId: string;
      /** the new link's expiry (a re-issue); absent for a revoke */
      expiresAt?: string | null;
      at: string;
    }
  | { type: 'SetLinkExpiry'; sessionId: string; organisationId: string; expiresAt: string | null; at: string }
  | ({ type: 'Start' } & ByCandidate)
  | ({ type: 'SaveAnswer'; questionId: string; text: string } & ByCandidate)
  | ({ type: 'Submit' } & ByCandidate)
  | { type: 'RecordAnalysis'; sessionId: string; organisationId: string; analysis: Analysis; at: string };

/** A session of the recruiter's organisation; another organisation's answers "not found". */
export function ownSession(state: Session, organisationId: string): ExistingSession {
  if (state.status === 'none' || state.organisationId !== organisationId) {
    throw new NotFoundError('Interview not found.');
  }
  return state;
}

/** Only a submitted interview is analysed: a half-written one would be judged on what is missing. */
export function analysableSession(state: Session, organisationId: string): ExistingSession {
  const session = ownSession(state, organisationId);
  if (session.status !== 'completed') {
    throw new ConflictError(
      'This interview has not been submitted yet; it can be analysed once the candidate submits it.',
    );
  }
  return session;
}

function openSession(state: Session, candidate: CandidateAccess, at: string): ExistingSession {
  const session = admitCandidate(state, candidate, at);
  if (session.status === 'completed') throw new ConflictError(submittedMessage);
  return session;
}

const started = (session: ExistingSession, at: string): SessionEvent[] =>
  session.status === 'invited'
    ? [{ type: types.SessionStarted, data: { sessionId: session.id, organisationId: session.organisationId, at } }]
    : [];

export function createSession(
  command: Extract<SessionCommand, { type: 'CreateSession' }>,
  state: Session,
): SessionEvent[] {
  // The policy runs at least once per invite (and again at every embedded start): the first wins.
  // A session created before the session service followed link expiries learns it from the replay.
  if (state.status !== 'none') {
    if (state.linkExpirySetAt !== '' || command.linkExpiresAt === null) return [];
    return setLinkExpiry({ ...command, type: 'SetLinkExpiry', expiresAt: command.linkExpiresAt }, state);
  }
  const { type: _type, at, ...fields } = command;
  return [
    {
      type: types.SessionCreated,
      data: { ...fields, questions: fields.questions.map(({ id, text }) => ({ id, text })), createdAt: at },
    },
  ];
}

export function changeLink(command: Extract<SessionCommand, { type: 'ChangeLink' }>, state: Session): SessionEvent[] {
  const session = ownSession(state, command.organisationId);
  // Link ids are never reused, so a replayed invite event is recognised by its link ids alone: a
  // re-issue of a link the session has had is old news, and so is a revoke of a link it no longer has.
  const news =
    command.linkId === null ? session.linkId === command.previousLinkId : !session.linkIds.includes(command.linkId);
  if (!news) return [];
  const { sessionId, organisationId, linkId, expiresAt, at } = command;
  const expiry = linkId !== null && expiresAt !== undefined ? { expiresAt } : {};
  return [{ type: types.SessionLinkChanged, data: { sessionId, organisationId, linkId, ...expiry, at } }];
}

export function setLinkExpiry(
  command: Extract<SessionCommand, { type: 'SetLinkExpiry' }>,
  state: Session,
): SessionEvent[] {
  const session = ownSession(state, command.organisationId);
  // invite events carry the time they happened: one no newer than the last applied is a replay
  if (command.at <= session.linkExpirySetAt) return [];
  const { sessionId, organisationId, expiresAt, at } = command;
  return [{ type: types.SessionLinkExpirySet, data: { sessionId, organisationId, expiresAt, at } }];
}

export function start(command: Extract<SessionCommand, { type: 'Start' }>, state: Session): SessionEvent[] {
  return started(openSession(state, command.candidate, command.at), command.at);
}

export function saveAnswer(command: Extract<SessionCommand, { type: 'SaveAnswer' }>, state: Session): SessionEvent[] {
  const session = openSession(state, command.candidate, command.at);
  const question = session.questions.find((candidate) => candidate.id === command.questionId);
  if (!question) throw new NotFoundError('This interview has no such question.');
  const text = command.text.trim();
  if (text === '') throw new ValidationError('An answer cannot be empty.');
  if (text.length > sessionLimits.answerText) {
    throw new ValidationError(`An answer can have at most ${sessionLimits.answerText} characters.`);
  }
  if (question.answer === text) return [];
  const { id: sessionId, organisationId } = session;
  return [
    ...started(session, command.at),
    { type: types.AnswerSaved, data: { sessionId, organisationId, questionId: question.id, text, at: command.at } },
  ];
}

export function submit(command: Extract<SessionCommand, { type: 'Submit' }>, state: Session): SessionEvent[] {
  const session = openSession(state, command.candidate, command.at);
  const missing = session.questions.filter((question) => question.answer === null).length;
  if (missing > 0) {
    const total = session.questions.length;
    throw new ConflictError(
      `Answer every question before you submit: ${missing} of ${total} ${missing === 1 ? 'is' : 'are'} not answered yet.`,
    );
  }
  const { id: sessionId, organisationId } = session;
  return [
    ...started(session, command.at),
    { type: types.SessionCompleted, data: { sessionId, organisationId, at: command.at } },
  ];
}

export function recordAnalysis(
  command: Extract<SessionCommand, { type: 'RecordAnalysis' }>,
  state: Session,
): SessionEvent[] {
  const session = analysableSession(state, command.organisationId);
  const { analysis, at } = command;
  return [
    {
      type: types.AnalysisProduced,
      data: { sessionId: session.id, organisationId: session.organisationId, analysis, at },
    },
  ];
}

export function decide(command: SessionCommand, state: Session): SessionEvent[] {
  switch (command.type) {
    case 'CreateSession':
      return createSession(command, state);
    case 'ChangeLink':
      return changeLink(command, state);
    case 'SetLinkExpiry':
      return setLinkExpiry(command, state);
    case 'Start':
      return start(command, state);
    case 'SaveAnswer':
      return saveAnswer(command, state);
    case 'Submit':
      return submit(command, state);
    case 'RecordAnalysis':
      return recordAnalysis(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown command ${JSON.stringify(_exhaustive)}`);
    }
  }
}
