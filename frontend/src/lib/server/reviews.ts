// Client of the session service's reviewer scores: every recruiter's score of an interview (live or
// async) with the average, and the signed-in recruiter's own score (a second one replaces theirs).
import {
  apiPaths,
  commandResultSchema,
  reviewResponse,
  type CommandResult,
  type GiveScoreRequest,
  type ReviewResponse,
} from '@candor/contracts';
import { callService } from './http';
import type { ReadOptions } from './invite';

export function getReview(token: string, interviewId: string, options: ReadOptions = {}): Promise<ReviewResponse> {
  return callService('session', reviewResponse, {
    path: apiPaths.session.review(interviewId),
    query: { waitFor: options.waitFor },
    token,
  });
}

export function giveScore(token: string, interviewId: string, request: GiveScoreRequest): Promise<CommandResult> {
  return callService('session', commandResultSchema, {
    method: 'POST',
    path: apiPaths.session.reviewScores(interviewId),
    body: request,
    token,
  });
}
