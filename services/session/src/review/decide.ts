// Commands on a review. Pure: the time and the scoring recruiter (from their verified session)
// arrive in the command. The organisation check happens here, against the write model: an
// interview of another organisation is "not found", exactly like one that does not exist.
import { reviewEventNames as types, reviewLimits, type InterviewKind } from '@candor/contracts';
import { NotFoundError, ValidationError } from '@candor/runtime';
import type { OpenReview, Review, ReviewEvent } from './review';

export type ReviewCommand =
  | {
      type: 'OpenReview';
      interviewId: string;
      organisationId: string;
      kind: InterviewKind;
      candidateName: string;
      at: string;
    }
  | {
      type: 'GiveScore';
      interviewId: string;
      organisationId: string;
      recruiterId: string;
      recruiterName: string;
      score: number;
      note: string;
      at: string;
    };

export const interviewNotFound = 'Interview not found.';

function reviewOf(state: Review, organisationId: string): OpenReview {
  if (state.status !== 'open' || state.organisationId !== organisationId) throw new NotFoundError(interviewNotFound);
  return state;
}

export function openReview(command: Extract<ReviewCommand, { type: 'OpenReview' }>, state: Review): ReviewEvent[] {
  // the policy runs at least once per interview (and again at every embedded start): the first wins
  if (state.status !== 'none') return [];
  const { type: _type, ...data } = command;
  return [{ type: types.ReviewOpened, data }];
}

export function giveScore(command: Extract<ReviewCommand, { type: 'GiveScore' }>, state: Review): ReviewEvent[] {
  const review = reviewOf(state, command.organisationId);
  // the route validated already; the domain holds its own line so no other caller writes a bad score
  if (
    !Number.isInteger(command.score) ||
    command.score < reviewLimits.minScore ||
    command.score > reviewLimits.maxScore
  ) {
    throw new ValidationError('A score is a whole number from 1 to 5.', [
      { path: 'body.score', message: 'score must be a whole number from 1 to 5' },
    ]);
  }
  const note = command.note.trim();
  if (note.length > reviewLimits.note) {
    throw new ValidationError(`A note can have at most ${reviewLimits.note} characters.`, [
      { path: 'body.note', message: `a note can have at most ${reviewLimits.note} characters` },
    ]);
  }
  const previous = review.scores[command.recruiterId];
  // the same score and note again is no news (a double-submitted form writes once)
  if (previous && previous.score === command.score && previous.note === note) return [];
  const { interviewId, organisationId, recruiterId, recruiterName, score, at } = command;
  return [
    {
      type: types.ReviewerScoreGiven,
      data: { interviewId, organisationId, recruiterId, recruiterName, score, note, at },
    },
  ];
}

export function decide(command: ReviewCommand, state: Review): ReviewEvent[] {
  switch (command.type) {
    case 'OpenReview':
      return openReview(command, state);
    case 'GiveScore':
      return giveScore(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown command ${JSON.stringify(_exhaustive)}`);
    }
  }
}
