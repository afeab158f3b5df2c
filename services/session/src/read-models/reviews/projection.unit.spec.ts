import { reviewEventNames as types, type RecordedEvent } from '@candor/contracts';
import { reviewsProjection, type ReviewDocument } from './projection';

let position = 0;
const event = (type: string, data: object, at: string): RecordedEvent => ({
  eventId: `e${++position}`,
  streamId: 'review-iv-1',
  streamVersion: position,
  position,
  type,
  data: { interviewId: 'iv-1', organisationId: 'org-a', ...data, at },
  metadata: { occurredAt: at },
  recordedAt: at,
});
const opened = event(types.ReviewOpened, { kind: 'live', candidateName: 'Grace' }, '2026-12-01T09:00:00.000Z');
const scored = (recruiterId: string, score: number, at: string) =>
  event(types.ReviewerScoreGiven, { recruiterId, recruiterName: recruiterId, score, note: '' }, at);

function project(events: RecordedEvent[]): ReviewDocument | null {
  let doc: ReviewDocument | null = null;
  for (const recorded of events) {
    const decoded = reviewsProjection.decode(recorded);
    if (decoded) doc = reviewsProjection.evolve(doc, decoded);
  }
  return doc;
}

describe('reviews read model', () => {
  it('has no average until someone scores', () => {
    expect(project([opened])).toMatchObject({ scores: [], count: 0, average: null, kind: 'live' });
  });

  it('averages each recruiter’s current score, newest first', () => {
    const doc = project([
      opened,
      scored('ada', 2, '2026-12-01T10:00:00.000Z'),
      scored('bo', 5, '2026-12-01T10:01:00.000Z'),
      scored('ada', 4, '2026-12-01T10:02:00.000Z'),
    ]);
    expect(doc).toMatchObject({ count: 2, average: 4.5 });
    expect(doc!.scores.map((given) => [given.recruiterId, given.score])).toEqual([
      ['ada', 4],
      ['bo', 5],
    ]);
  });

  it('ignores a score it cannot read', () => {
    expect(reviewsProjection.decode(scored('eve', 9, '2026-12-01T10:00:00.000Z'))).toBeNull();
  });
});
