// The review aggregate: the reviewer scores of one interview (live or async; the review id is the
// interview id). Opened by the `session.reviews` policy when the invite service schedules a live
// interview or invites a candidate, so it knows the interview's organisation before anyone scores:
// a score is decided against this write model, never against a projection. Holds each recruiter's
// current score (a second score of the same recruiter replaces the first). Stream: `review-<id>`.
import { reviewEventNames as types, type InterviewKind, type reviewEventSchemas } from '@candor/contracts';
import type { z } from 'zod';

type Data<Name extends keyof typeof reviewEventSchemas> = z.infer<(typeof reviewEventSchemas)[Name]>;

export type ReviewEvent =
  | { type: typeof types.ReviewOpened; data: Data<'ReviewOpened'> }
  | { type: typeof types.ReviewerScoreGiven; data: Data<'ReviewerScoreGiven'> };

export interface GivenScore {
  score: number;
  note: string;
  at: string;
}

export type Review =
  | { status: 'none' }
  | {
      status: 'open';
      id: string;
      organisationId: string;
      kind: InterviewKind;
      /** by recruiter id */
      scores: Record<string, GivenScore>;
    };
export type OpenReview = Extract<Review, { status: 'open' }>;

export const initialState = (): Review => ({ status: 'none' });

export function evolve(state: Review, event: ReviewEvent): Review {
  switch (event.type) {
    case types.ReviewOpened: {
      if (state.status === 'open') return state;
      const { interviewId, organisationId, kind } = event.data;
      return { status: 'open', id: interviewId, organisationId, kind, scores: {} };
    }
    case types.ReviewerScoreGiven: {
      if (state.status !== 'open') return state;
      const { recruiterId, score, note, at } = event.data;
      return { ...state, scores: { ...state.scores, [recruiterId]: { score, note, at } } };
    }
  }
}

export const reviewStream = (interviewId: string) => `review-${interviewId}`;
