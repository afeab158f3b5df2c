// The reviews read model (`session_reviews`): one document per interview with every recruiter's
// current score and the average, for the Interview Analysis page. Built only from the session
// service's review events, each validated against its contract. A score replaces the same
// recruiter's earlier one, as in the write model.
import {
  reviewEventNames as types,
  reviewEventSchemas as schemas,
  topics,
  type InterviewKind,
  type RecordedEvent,
  type ReviewerScore,
} from '@candor/contracts';
import type { Projection } from '@candor/runtime';
import type { ReviewEvent } from '../../review';

export interface ReviewDocument {
  _id: string;
  interviewId: string;
  organisationId: string;
  kind: InterviewKind;
  scores: ReviewerScore[];
  average: number | null;
  count: number;
}

type ReviewRecordedEvent = RecordedEvent<ReviewEvent['type']> & ReviewEvent;

const decoders = {
  [types.ReviewOpened]: schemas.ReviewOpened,
  [types.ReviewerScoreGiven]: schemas.ReviewerScoreGiven,
} as const;

/** Newest first; the average over every recruiter's current score. */
export function withScores(doc: ReviewDocument, scores: ReviewerScore[]): ReviewDocument {
  const sorted = scores.toSorted((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const total = sorted.reduce((sum, given) => sum + given.score, 0);
  return { ...doc, scores: sorted, count: sorted.length, average: sorted.length ? total / sorted.length : null };
}

export const reviewsProjection: Projection<ReviewDocument, ReviewRecordedEvent> = {
  name: 'session.reviews',
  collection: 'session_reviews',
  topics: [topics.session],
  decode(event) {
    const schema = decoders[event.type as keyof typeof decoders];
    if (!schema) return null;
    const data = schema.safeParse(event.data);
    return data.success ? ({ ...event, data: data.data } as ReviewRecordedEvent) : null;
  },
  documentId: (event) => event.data.interviewId,
  evolve(doc, event) {
    switch (event.type) {
      case types.ReviewOpened: {
        if (doc) return doc;
        const { interviewId, organisationId, kind } = event.data;
        return { _id: interviewId, interviewId, organisationId, kind, scores: [], average: null, count: 0 };
      }
      case types.ReviewerScoreGiven: {
        if (!doc) return doc;
        const { recruiterId, recruiterName, score, note, at } = event.data;
        const others = doc.scores.filter((given) => given.recruiterId !== recruiterId);
        return withScores(doc, [...others, { recruiterId, recruiterName, score, note, at }]);
      }
    }
  },
};
