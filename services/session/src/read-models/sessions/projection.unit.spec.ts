import { sessionEventNames as types, type RecordedEvent } from '@candor/contracts';
import { sessionsProjection, type SessionDocument } from './projection';

let position = 0;
const recorded = (type: string, data: unknown): RecordedEvent => ({
  eventId: `e${++position}`,
  streamId: 'session-s1',
  streamVersion: position,
  position,
  type,
  data,
  metadata: { occurredAt: '2026-11-21T10:00:00.000Z' },
  recordedAt: '2026-11-21T10:00:00.000Z',
});
const ids = { sessionId: 's1', organisationId: 'org-a' };

function fold(events: RecordedEvent[]): SessionDocument | null {
  return events.reduce<SessionDocument | null>((doc, event) => {
    const decoded = sessionsProjection.decode(event);
    return decoded ? sessionsProjection.evolve(doc, decoded) : doc;
  }, null);
}

const created = recorded(types.SessionCreated, {
  ...ids,
  inviteId: 's1',
  jobId: 'job-1',
  jobTitle: 'Backend engineer',
  jobDescription: '',
  questions: [
    { id: 'q1', text: 'One?' },
    { id: 'q2', text: 'Two?' },
  ],
  candidateName: 'Grace Hopper',
  candidateEmail: 'grace@example.test',
  linkId: 'link-1',
  createdAt: '2026-11-21T09:00:00.000Z',
});

describe('sessions projection', () => {
  it('follows a session from invite to analysis, with progress and the latest time', () => {
    const doc = fold([
      created,
      recorded(types.SessionLinkChanged, { ...ids, linkId: null, at: '2026-11-21T09:30:00.000Z' }),
      recorded(types.SessionStarted, { ...ids, at: '2026-11-21T10:00:00.000Z' }),
      recorded(types.AnswerSaved, { ...ids, questionId: 'q1', text: 'First.', at: '2026-11-21T10:01:00.000Z' }),
      recorded(types.AnswerSaved, { ...ids, questionId: 'q1', text: 'First, again.', at: '2026-11-21T10:02:00.000Z' }),
    ]);
    expect(doc).toMatchObject({
      _id: 's1',
      organisationId: 'org-a',
      status: 'in_progress',
      questionCount: 2,
      answeredCount: 1,
      invitedAt: '2026-11-21T09:00:00.000Z',
      startedAt: '2026-11-21T10:00:00.000Z',
      updatedAt: '2026-11-21T10:00:00.000Z',
      completedAt: null,
    });
    expect(doc!.questions[0]).toEqual({
      id: 'q1',
      text: 'One?',
      answer: 'First, again.',
      answeredAt: '2026-11-21T10:02:00.000Z',
    });
  });

  it('marks completion and keeps the latest analysis', () => {
    const analysis = (summary: string) => ({
      analyser: { kind: 'builtin', name: 'x', version: '1' },
      answers: [],
      summary,
      strengths: [],
      concerns: [],
      suggestedScore: 3,
      producedAt: '2026-11-21T12:00:00.000Z',
    });
    const doc = fold([
      created,
      recorded(types.SessionCompleted, { ...ids, at: '2026-11-21T11:00:00.000Z' }),
      recorded(types.AnalysisProduced, { ...ids, analysis: analysis('first'), at: '2026-11-21T12:00:00.000Z' }),
      recorded(types.AnalysisProduced, { ...ids, analysis: analysis('second'), at: '2026-11-21T12:05:00.000Z' }),
    ]);
    expect(doc).toMatchObject({
      status: 'completed',
      completedAt: '2026-11-21T11:00:00.000Z',
      updatedAt: '2026-11-21T11:00:00.000Z',
    });
    expect(doc!.analysis?.summary).toBe('second');
  });

  it("ignores link changes, other services' events and payloads that fail their contract", () => {
    expect(sessionsProjection.decode(recorded(types.SessionLinkChanged, { ...ids, linkId: 'l2', at: 'x' }))).toBeNull();
    expect(sessionsProjection.decode(recorded('invite.CandidateInvited.v1', {}))).toBeNull();
    expect(sessionsProjection.decode(recorded(types.AnswerSaved, { ...ids, questionId: 'q1' }))).toBeNull();
  });
});
