import { saveAnswerRequest, sessionEventNames as types, sessionLimits, type Analysis } from '@candor/contracts';
import { linkProblemTypes } from '@candor/contracts';
import { CandorError, ConflictError, NotFoundError, ValidationError } from '@candor/runtime';
import type { CandidateAccess } from './candidate-link';
import { candidateView } from './candidate-view';
import { decide, submittedMessage, type SessionCommand } from './decide';
import { evolve, initialState, type ExistingSession, type Session, type SessionEvent } from './session';

const at = '2026-11-21T10:00:00.000Z';
const later = '2026-11-21T11:00:00.000Z';
type Command<T extends SessionCommand['type']> = Extract<SessionCommand, { type: T }>;

const create: Command<'CreateSession'> = {
  type: 'CreateSession',
  sessionId: 'inv-1',
  organisationId: 'org-a',
  inviteId: 'inv-1',
  jobId: 'job-1',
  jobTitle: 'Backend engineer',
  jobDescription: 'Kafka and Postgres',
  questions: [
    { id: 'q1', text: 'Tell us about a hard bug.' },
    { id: 'q2', text: 'Why Candor?' },
  ],
  candidateName: 'Grace Hopper',
  candidateEmail: 'grace@example.test',
  linkId: 'link-1',
  linkExpiresAt: null,
  at,
};
const candidate: CandidateAccess = { linkId: 'link-1' };
const by = { sessionId: 'inv-1', candidate, at: later };
const answer = (questionId: string, text: string, access = candidate): SessionCommand => ({
  type: 'SaveAnswer',
  questionId,
  text,
  ...by,
  candidate: access,
});
const submit: SessionCommand = { type: 'Submit', ...by };
const revoke = (linkId: string): Command<'ChangeLink'> => ({
  type: 'ChangeLink',
  sessionId: 'inv-1',
  organisationId: 'org-a',
  linkId: null,
  previousLinkId: linkId,
  at: later,
});
const reissue = (previousLinkId: string, linkId: string): SessionCommand => ({
  ...revoke(previousLinkId),
  linkId,
});
const analysis: Analysis = {
  analyser: { kind: 'builtin', name: 'test', version: '1' },
  answers: [],
  summary: 'Solid.',
  strengths: [],
  concerns: [],
  suggestedScore: 4,
  producedAt: later,
};

const apply = (state: Session, events: SessionEvent[]) => events.reduce(evolve, state);
const given = (...commands: SessionCommand[]) =>
  commands.reduce((state, command) => apply(state, decide(command, state)), initialState());
const existing = (state: Session) => state as ExistingSession;
const completed = () => given(create, answer('q1', 'A race in the outbox.'), answer('q2', 'Open source.'), submit);

describe('session decider: creation and links (the invites policy)', () => {
  it('creates an invited session with a snapshot of the questions and the link id', () => {
    const events = decide(create, initialState());
    expect(events).toEqual<SessionEvent[]>([
      {
        type: types.SessionCreated,
        data: {
          sessionId: 'inv-1',
          organisationId: 'org-a',
          inviteId: 'inv-1',
          jobId: 'job-1',
          jobTitle: 'Backend engineer',
          jobDescription: 'Kafka and Postgres',
          questions: create.questions,
          candidateName: 'Grace Hopper',
          candidateEmail: 'grace@example.test',
          linkId: 'link-1',
          linkExpiresAt: null,
          createdAt: at,
        },
      },
    ]);
    expect(given(create)).toMatchObject({ status: 'invited', linkId: 'link-1', invitedAt: at, startedAt: null });
  });

  it('creates nothing when the session exists (a redelivered or replayed invite)', () => {
    expect(decide(create, given(create))).toEqual([]);
    expect(decide({ ...create, linkId: 'link-other' }, completed())).toEqual([]);
  });

  it('revokes and re-issues the link, and writes nothing for a change it already has', () => {
    const revoked = given(create, revoke('link-1'));
    expect(existing(revoked).linkId).toBeNull();
    expect(decide(revoke('link-1'), revoked)).toEqual([]);
    const reissued = given(create, revoke('link-1'), reissue('link-1', 'link-2'));
    expect(existing(reissued).linkId).toBe('link-2');
    expect(decide(reissue('link-1', 'link-2'), reissued)).toEqual([]);
    // a re-issue without a revoke replaces the link too
    expect(existing(given(create, reissue('link-1', 'link-2'))).linkId).toBe('link-2');
  });

  it('writes nothing when the whole invite history is replayed onto the session', () => {
    const history = [
      create,
      revoke('link-1'),
      reissue('link-1', 'link-2'),
      revoke('link-2'),
      reissue('link-2', 'link-3'),
    ];
    const now = given(...history);
    expect(existing(now).linkId).toBe('link-3');
    for (const command of history) expect(decide(command, now)).toEqual([]);
  });

  it("follows the link's expiry: set, changed by a re-issue, and a replayed change is old news", () => {
    const setExpiry = (expiresAt: string | null, when: string): SessionCommand => ({
      type: 'SetLinkExpiry',
      sessionId: 'inv-1',
      organisationId: 'org-a',
      expiresAt,
      at: when,
    });
    const history = [
      { ...create, linkExpiresAt: '2026-12-01T00:00:00.000Z' },
      setExpiry('2026-12-24T00:00:00.000Z', later),
      { ...reissue('link-1', 'link-2'), expiresAt: null, at: '2026-11-21T12:00:00.000Z' },
      setExpiry('2027-01-01T00:00:00.000Z', '2026-11-21T13:00:00.000Z'),
    ];
    expect(existing(given(history[0]!, history[1]!)).linkExpiresAt).toBe('2026-12-24T00:00:00.000Z');
    expect(existing(given(history[0]!, history[1]!, history[2]!)).linkExpiresAt).toBeNull();
    const now = given(...history);
    expect(existing(now).linkExpiresAt).toBe('2027-01-01T00:00:00.000Z');
    for (const command of history) expect(decide(command, now)).toEqual([]);
  });

  it('teaches a session created before expiries were followed its expiry on the next replay, once', () => {
    const { linkExpiresAt: _unknown, ...before } = decide(create, initialState())[0]!.data as Record<string, unknown>;
    const old = apply(initialState(), [{ type: types.SessionCreated, data: before } as SessionEvent]);
    const replayed = { ...create, linkExpiresAt: '2026-12-01T00:00:00.000Z' };
    const learnt = apply(old, decide(replayed, old));
    expect(existing(learnt).linkExpiresAt).toBe('2026-12-01T00:00:00.000Z');
    expect(decide(replayed, learnt)).toEqual([]);
  });

  it('answers "not found" for a link change of a session that does not exist or of another organisation', () => {
    expect(() => decide(revoke('link-1'), initialState())).toThrow(NotFoundError);
    expect(() => decide({ ...revoke('link-1'), organisationId: 'org-b' }, given(create))).toThrow(NotFoundError);
  });
});

describe('session decider: the candidate', () => {
  it('starts an invited session once', () => {
    const events = decide({ type: 'Start', ...by }, given(create));
    expect(events).toEqual([
      { type: types.SessionStarted, data: { sessionId: 'inv-1', organisationId: 'org-a', at: later } },
    ]);
    const startedState = apply(given(create), events);
    expect(startedState).toMatchObject({ status: 'in_progress', startedAt: later });
    expect(decide({ type: 'Start', ...by }, startedState)).toEqual([]);
  });

  it('starts the session implicitly with the first answer', () => {
    const events = decide(answer('q1', 'A race in the outbox.'), given(create));
    expect(events.map((event) => event.type)).toEqual([types.SessionStarted, types.AnswerSaved]);
    expect(events[1]!.data).toEqual({
      sessionId: 'inv-1',
      organisationId: 'org-a',
      questionId: 'q1',
      text: 'A race in the outbox.',
      at: later,
    });
    expect(apply(given(create), events).status).toBe('in_progress');
  });

  it('replaces an answer, writes nothing for the same text, and resumes at the first unanswered question', () => {
    const answered = given(create, answer('q1', 'First try.'));
    expect(decide(answer('q1', 'Second try.'), answered).map((event) => event.type)).toEqual([types.AnswerSaved]);
    expect(decide(answer('q1', 'First try.'), answered)).toEqual([]);
    expect(decide(answer('q1', '  First try.  '), answered)).toEqual([]);
    const view = candidateView(existing(answered));
    expect(view).toMatchObject({ status: 'in_progress', nextQuestionIndex: 1 });
    expect(view.questions.map((question) => question.answer)).toEqual(['First try.', null]);
    expect(candidateView(existing(given(create))).nextQuestionIndex).toBe(0);
  });

  it('refuses an answer to a question the interview does not have (404), writing nothing', () => {
    expect(() => decide(answer('q9', 'Hello'), given(create))).toThrow(NotFoundError);
  });

  it('refuses an empty or oversized answer, in the contract at the route and in the decider', () => {
    const tooLong = 'x'.repeat(sessionLimits.answerText + 1);
    expect(saveAnswerRequest.safeParse({ text: tooLong }).success).toBe(false);
    expect(saveAnswerRequest.safeParse({ text: '   ' }).success).toBe(false);
    expect(saveAnswerRequest.safeParse({ text: 'x'.repeat(sessionLimits.answerText) }).success).toBe(true);
    expect(() => decide(answer('q1', tooLong), given(create))).toThrow(ValidationError);
    expect(() => decide(answer('q1', '  '), given(create))).toThrow(ValidationError);
  });

  it('refuses to submit with unanswered questions, naming how many', () => {
    expect(() => decide(submit, given(create))).toThrow('2 of 2 are not answered yet');
    expect(() => decide(submit, given(create, answer('q1', 'Done.')))).toThrow(
      new ConflictError('Answer every question before you submit: 1 of 2 is not answered yet.'),
    );
  });

  it('submits once every question is answered, and then refuses answers, starts and submits', () => {
    const events = decide(submit, given(create, answer('q1', 'A.'), answer('q2', 'B.')));
    expect(events).toEqual([
      { type: types.SessionCompleted, data: { sessionId: 'inv-1', organisationId: 'org-a', at: later } },
    ]);
    const done = completed();
    expect(done).toMatchObject({ status: 'completed', completedAt: later });
    for (const command of [answer('q1', 'Changed my mind.'), { type: 'Start', ...by } as SessionCommand, submit]) {
      expect(() => decide(command, done)).toThrow(new ConflictError(submittedMessage));
    }
  });

  const refusedAs = (state: Session, access: CandidateAccess, type: string, command = answer('q1', 'Hello', access)) => {
    try {
      decide(command, state);
    } catch (error) {
      expect(error).toBeInstanceOf(CandorError);
      return expect((error as CandorError).type).toBe(type);
    }
    throw new Error('the command was accepted');
  };

  it('refuses a link opened just before it was revoked or replaced (withdrawn), and an unknown one', () => {
    refusedAs(given(create), { linkId: 'link-other' }, linkProblemTypes.invalid);
    refusedAs(given(create, revoke('link-1')), candidate, linkProblemTypes.revoked);
    refusedAs(given(create, revoke('link-1'), reissue('link-1', 'link-2')), candidate, linkProblemTypes.revoked);
    refusedAs(initialState(), candidate, linkProblemTypes.invalid);
    // the new link works
    const reissued = given(create, revoke('link-1'), reissue('link-1', 'link-2'));
    expect(decide(answer('q1', 'Hello', { linkId: 'link-2' }), reissued)).toHaveLength(2);
  });

  it('refuses the current link once it has expired, at the time of the command', () => {
    const expiring = given({ ...create, linkExpiresAt: '2026-11-21T10:30:00.000Z' });
    refusedAs(expiring, candidate, linkProblemTypes.expired);
    expect(decide(answer('q1', 'Hello'), given({ ...create, linkExpiresAt: '2026-11-21T12:00:00.000Z' }))).toHaveLength(2);
  });

  it('checks the link before the state: a refused link learns nothing about the session', () => {
    refusedAs(completed(), { linkId: 'x' }, linkProblemTypes.invalid);
  });
});

describe('session decider: analysis', () => {
  const record = (organisationId = 'org-a'): SessionCommand => ({
    type: 'RecordAnalysis',
    sessionId: 'inv-1',
    organisationId,
    analysis,
    at: later,
  });

  it('records an analysis of a completed session, again on a re-run', () => {
    const events = decide(record(), completed());
    expect(events).toEqual([
      { type: types.AnalysisProduced, data: { sessionId: 'inv-1', organisationId: 'org-a', analysis, at: later } },
    ]);
    const analysed = apply(completed(), events);
    expect(existing(analysed).analysis).toEqual(analysis);
    expect(decide(record(), analysed)).toHaveLength(1);
  });

  it('refuses to analyse an interview that is not submitted (409) or of another organisation (404)', () => {
    expect(() => decide(record(), given(create, answer('q1', 'A.')))).toThrow(ConflictError);
    expect(() => decide(record('org-b'), completed())).toThrow(NotFoundError);
    expect(() => decide(record(), initialState())).toThrow(NotFoundError);
  });
});
