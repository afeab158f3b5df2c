import { decide, type SharedInterviewCommand } from './decide';
import {
  averageScore,
  dataUntil,
  evolve,
  initialState,
  sharedInterviewEventNames as names,
  type InterviewFacts,
  type SharedInterview,
} from './shared-interview';

const facts: InterviewFacts = {
  liveInterviewId: 'live-1',
  organisationId: 'org-a',
  organisationName: 'One',
  title: 'Technical interview',
  candidateName: 'Grace Brewster Hopper',
  inviterName: 'Ada',
  startsAt: '2026-12-01T15:00:00.000Z',
  timeZone: 'Europe/Berlin',
  durationMinutes: 45,
  interviewerNames: ['Ada', 'Bob'],
  cancelled: false,
};
function given(...commands: SharedInterviewCommand[]): SharedInterview {
  let state = initialState();
  for (const command of commands) for (const event of decide(command, state)) state = evolve(state, event);
  return state;
}
const recording = (
  segmentId: string,
  status: 'processing' | 'ready' | 'deleted',
  index?: number,
): SharedInterviewCommand => ({
  type: 'NoteRecording',
  liveInterviewId: 'live-1',
  segmentId,
  status,
  ...(index === undefined ? {} : { index }),
  ...(status === 'ready' ? { durationMs: 1000 } : {}),
});

describe('the followed interview', () => {
  it('notes facts once; the same facts again (a redelivery) write nothing, changed facts are noted', () => {
    expect(decide({ type: 'NoteInterview', facts }, given())).toEqual([
      { type: names.InterviewNoted, data: { facts } },
    ]);
    expect(decide({ type: 'NoteInterview', facts }, given({ type: 'NoteInterview', facts }))).toEqual([]);
    expect(
      decide({ type: 'NoteInterview', facts: { ...facts, cancelled: true } }, given({ type: 'NoteInterview', facts })),
    ).toHaveLength(1);
  });
  it('keeps recordings in order, merges what each event knows, and a deleted one stays deleted', () => {
    const state = given(
      recording('b', 'processing', 2),
      recording('a', 'processing', 1),
      recording('a', 'ready'),
      recording('b', 'ready'),
      recording('b', 'deleted'),
      recording('b', 'ready'),
      recording('a', 'processing', 1),
    );
    expect(state.recordings).toEqual([
      { segmentId: 'a', index: 1, durationMs: 1000, status: 'ready' },
      { segmentId: 'b', index: 2, durationMs: 1000, status: 'deleted' },
    ]);
    // redelivered, they write nothing
    expect(decide(recording('a', 'ready'), state)).toEqual([]);
    expect(decide(recording('b', 'ready'), state)).toEqual([]);
  });
  it('keeps recordings and scores that arrive before the interview (the topics have no order between them)', () => {
    const early = given(recording('a', 'ready'), {
      type: 'NoteScore',
      liveInterviewId: 'live-1',
      recruiterId: 'r1',
      score: 3,
    });
    expect(early).toMatchObject({ facts: null, scores: { r1: 3 }, recordings: [{ segmentId: 'a', status: 'ready' }] });
    expect(given(recording('a', 'ready'), { type: 'NoteInterview', facts }).recordings).toHaveLength(1);
  });
  it('keeps one score per reviewer and averages them', () => {
    const score = (recruiterId: string, value: number): SharedInterviewCommand => ({
      type: 'NoteScore',
      liveInterviewId: 'live-1',
      recruiterId,
      score: value,
    });
    const state = given({ type: 'NoteInterview', facts }, score('r1', 2), score('r2', 5), score('r1', 4));
    expect(state.scores).toEqual({ r1: 4, r2: 5 });
    expect(averageScore({ r1: 4, r2: 5 })).toBe(4.5);
    expect(averageScore({ r1: 4, r2: 4, r3: 5 })).toBe(4.3);
    expect(averageScore({})).toBeNull();
  });
});

describe('when the recordings a link shows are deleted (dataUntil)', () => {
  const ended = (segmentId: string, endedAt: string, status: 'ready' | 'deleted' = 'ready') => ({
    segmentId,
    index: 1,
    durationMs: 1000,
    status,
    endedAt,
  });
  const recordings = [
    ended('a', '2026-11-01T10:00:00.000Z'),
    ended('b', '2026-11-01T11:00:00.000Z'),
    ended('c', '2026-11-05T10:00:00.000Z', 'deleted'),
  ];

  it('is the latest end of the shown, undeleted recordings plus the retention', () => {
    expect(dataUntil(recordings, 'all', 2)).toBe('2026-11-03T11:00:00.000Z');
    expect(dataUntil(recordings, ['a'], 2)).toBe('2026-11-03T10:00:00.000Z');
  });

  it('is null while nothing shown has ended (nothing to cap by) or everything shown is deleted', () => {
    expect(dataUntil([{ segmentId: 'x', index: 1, durationMs: null, status: 'processing' }], 'all', 2)).toBeNull();
    expect(dataUntil(recordings, ['c'], 2)).toBeNull();
  });
});
