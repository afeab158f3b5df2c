// Given past events, when a command, then these events (or this error).
import { reviewEventNames as types } from '@candor/contracts';
import { NotFoundError, ValidationError } from '@candor/runtime';
import { reviewDecider, type ReviewCommand, type ReviewEvent } from '.';

const interviewId = 'iv-1';
const opened: ReviewEvent = {
  type: types.ReviewOpened,
  data: { interviewId, organisationId: 'org-a', kind: 'live', candidateName: 'Grace', at: '2026-12-01T09:00:00.000Z' },
};
const score = (recruiterId: string, value: number, note = ''): ReviewEvent => ({
  type: types.ReviewerScoreGiven,
  data: {
    interviewId,
    organisationId: 'org-a',
    recruiterId,
    recruiterName: recruiterId.toUpperCase(),
    score: value,
    note,
    at: '2026-12-01T10:00:00.000Z',
  },
});
const give = (overrides: Partial<Extract<ReviewCommand, { type: 'GiveScore' }>> = {}): ReviewCommand => ({
  type: 'GiveScore',
  interviewId,
  organisationId: 'org-a',
  recruiterId: 'ada',
  recruiterName: 'Ada',
  score: 4,
  note: 'Clear answers',
  at: '2026-12-01T11:00:00.000Z',
  ...overrides,
});

function given(events: ReviewEvent[]) {
  const state = events.reduce(reviewDecider.evolve, reviewDecider.initialState());
  return { when: (command: ReviewCommand) => reviewDecider.decide(command, state) };
}

describe('review decider', () => {
  it('opens a review once: a replayed policy event writes nothing', () => {
    const open: ReviewCommand = { type: 'OpenReview', ...opened.data };
    expect(given([]).when(open)).toEqual([opened]);
    expect(given([opened]).when(open)).toEqual([]);
  });

  it('records a recruiter score with the trimmed note', () => {
    expect(given([opened]).when(give({ note: '  Clear answers  ' }))).toEqual([
      {
        type: types.ReviewerScoreGiven,
        data: {
          interviewId,
          organisationId: 'org-a',
          recruiterId: 'ada',
          recruiterName: 'Ada',
          score: 4,
          note: 'Clear answers',
          at: '2026-12-01T11:00:00.000Z',
        },
      },
    ]);
  });

  it('lets a recruiter replace their score, and ignores the same score sent twice', () => {
    const earlier = score('ada', 2, 'Clear answers');
    expect(given([opened, earlier]).when(give({ score: 5 }))).toHaveLength(1);
    expect(given([opened, score('ada', 4, 'Clear answers')]).when(give())).toEqual([]);
    const state = [opened, earlier, score('ada', 5)].reduce(reviewDecider.evolve, reviewDecider.initialState());
    expect(state.status === 'open' && Object.keys(state.scores)).toEqual(['ada']);
    expect(state.status === 'open' && state.scores.ada?.score).toBe(5);
  });

  it('answers "not found" for an interview of another organisation, or one it never heard of', () => {
    expect(() => given([opened]).when(give({ organisationId: 'org-b' }))).toThrow(NotFoundError);
    expect(() => given([]).when(give())).toThrow(NotFoundError);
  });

  it.each([0, 6, 2.5, Number.NaN])('refuses the score %p', (value) => {
    expect(() => given([opened]).when(give({ score: value }))).toThrow(ValidationError);
  });

  it('refuses a note longer than 2,000 characters', () => {
    expect(() => given([opened]).when(give({ note: 'x'.repeat(2_001) }))).toThrow(ValidationError);
    expect(given([opened]).when(give({ note: 'x'.repeat(2_000) }))).toHaveLength(1);
  });
});
