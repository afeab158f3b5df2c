import { NotFoundError } from '@candor/runtime';
import { decide, type SharedInterviewCommand } from './decide';
import {
  averageScore,
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
  index: number,
  status: 'ready' | 'deleted' = 'ready',
): SharedInterviewCommand => ({
  type: 'NoteRecording',
  liveInterviewId: 'live-1',
  recording: { segmentId, index, durationMs: 1000, status },
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
  it('keeps recordings in order and a deleted one deleted, whatever arrives late', () => {
    const state = given(
      { type: 'NoteInterview', facts },
      recording('b', 2),
      recording('a', 1),
      recording('b', 2, 'deleted'),
      recording('b', 2),
    );
    expect(state.status === 'known' && state.recordings.map((r) => [r.segmentId, r.status])).toEqual([
      ['a', 'ready'],
      ['b', 'deleted'],
    ]);
    expect(() => decide(recording('a', 1), given())).toThrow(NotFoundError);
  });
  it('keeps one score per reviewer and averages them', () => {
    const score = (recruiterId: string, value: number): SharedInterviewCommand => ({
      type: 'NoteScore',
      liveInterviewId: 'live-1',
      recruiterId,
      score: value,
    });
    const state = given({ type: 'NoteInterview', facts }, score('r1', 2), score('r2', 5), score('r1', 4));
    expect(state.status === 'known' && state.scores).toEqual({ r1: 4, r2: 5 });
    expect(averageScore({ r1: 4, r2: 5 })).toBe(4.5);
    expect(averageScore({ r1: 4, r2: 4, r3: 5 })).toBe(4.3);
    expect(averageScore({})).toBeNull();
  });
});
