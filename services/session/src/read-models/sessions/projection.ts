// The sessions read model: one document per session, for the recruiter's Interviews list and the
// interview page (answers and the cached analysis). Built only from the session service's own
// events, each validated against its contract before it is applied.
import {
  sessionEventNames as types,
  sessionEventSchemas as schemas,
  topics,
  type RecordedEvent,
  type SessionDetail,
} from '@candor/contracts';
import type { Projection } from '@candor/runtime';
import type { SessionEvent } from '../../session';

export type SessionDocument = SessionDetail & { _id: string; organisationId: string };

type SessionRecordedEvent = RecordedEvent<SessionEvent['type']> & SessionEvent;

// SessionLinkChanged and SessionLinkExpirySet are not listed: the recruiter's views show the invite's
// link state from the invite service, not the session's copy of it.
const decoders = {
  [types.SessionCreated]: schemas.SessionCreated,
  [types.SessionStarted]: schemas.SessionStarted,
  [types.AnswerSaved]: schemas.AnswerSaved,
  [types.SessionCompleted]: schemas.SessionCompleted,
  [types.AnalysisProduced]: schemas.AnalysisProduced,
} as const;

const latest = (...instants: (string | null)[]) =>
  instants.filter((instant): instant is string => instant !== null).reduce((a, b) => (a > b ? a : b));

function withTimes(doc: SessionDocument, times: Partial<Pick<SessionDocument, 'startedAt' | 'completedAt'>>) {
  const next = { ...doc, ...times };
  return { ...next, updatedAt: latest(next.invitedAt, next.startedAt, next.completedAt) };
}

export const sessionsProjection: Projection<SessionDocument, SessionRecordedEvent> = {
  name: 'session.sessions',
  collection: 'session_sessions',
  topics: [topics.session],
  decode(event) {
    const schema = decoders[event.type as keyof typeof decoders];
    if (!schema) return null;
    const data = schema.safeParse(event.data);
    return data.success ? ({ ...event, data: data.data } as SessionRecordedEvent) : null;
  },
  documentId: (event) => event.data.sessionId,
  evolve(doc, event) {
    switch (event.type) {
      case types.SessionCreated: {
        const { sessionId, organisationId, inviteId, jobId, jobTitle, jobDescription, candidateName, candidateEmail } =
          event.data;
        const { questions, createdAt } = event.data;
        return {
          _id: sessionId,
          id: sessionId,
          organisationId,
          inviteId,
          jobId,
          jobTitle,
          jobDescription,
          candidateName,
          candidateEmail,
          status: 'invited',
          questionCount: questions.length,
          answeredCount: 0,
          questions: questions.map(({ id, text }) => ({ id, text, answer: null, answeredAt: null })),
          analysis: null,
          invitedAt: createdAt,
          startedAt: null,
          completedAt: null,
          updatedAt: createdAt,
        };
      }
      case types.SessionLinkChanged:
      case types.SessionLinkExpirySet:
        return doc;
      case types.SessionStarted:
        return doc && withTimes({ ...doc, status: 'in_progress' }, { startedAt: event.data.at });
      case types.AnswerSaved: {
        if (!doc) return doc;
        const { questionId, text, at } = event.data;
        const questions = doc.questions.map((question) =>
          question.id === questionId ? { ...question, answer: text, answeredAt: at } : question,
        );
        return { ...doc, questions, answeredCount: questions.filter((question) => question.answer !== null).length };
      }
      case types.SessionCompleted:
        return doc && withTimes({ ...doc, status: 'completed' }, { completedAt: event.data.at });
      case types.AnalysisProduced:
        return doc && { ...doc, analysis: event.data.analysis };
    }
  },
};
