// Reviewer scores, mounted under /api/session/reviews:
//   GET  /:interviewId          every score of the interview and the average (read model)
//   POST /:interviewId/scores   the calling recruiter's score { score, note } (replaces theirs)
// Every route needs a recruiter session; an interview of another organisation answers 404. The
// score is decided against the review's write model, so a refusal writes nothing.
import { Router } from 'express';
import { z } from 'zod';
import {
  consistencyToken,
  consistencyTokenSchema,
  giveScoreRequest,
  interviewIdParams,
  type CommandResult,
  type ReviewResponse,
} from '@candor/contracts';
import {
  handleCommand,
  NotFoundError,
  recruiterOf,
  requireRecruiter,
  route,
  type EventStore,
  type ProjectionRunner,
  type SessionTokens,
} from '@candor/runtime';
import type { ReviewsQuery } from '../read-models/reviews/query';
import { interviewNotFound, reviewDecider, reviewStream } from '../review';

export interface ReviewRouteDeps {
  store: EventStore;
  tokens: SessionTokens;
  reviews: ReviewsQuery;
  reviewsRunner: Pick<ProjectionRunner, 'waitFor'>;
  now: () => Date;
  readWaitMs: number;
}

const readReviewQuery = z.strictObject({ waitFor: consistencyTokenSchema.optional() });

export function reviewRoutes(deps: ReviewRouteDeps): Router {
  const router = Router();
  router.use(requireRecruiter(deps.tokens));

  router.get(
    '/:interviewId',
    route({ params: interviewIdParams, query: readReviewQuery }, async ({ params, query }, _req, res) => {
      const caughtUp = query.waitFor
        ? await deps.reviewsRunner.waitFor(query.waitFor.streamId, query.waitFor.position, deps.readWaitMs)
        : true;
      const review = await deps.reviews.get(recruiterOf(res).org, params.interviewId);
      if (!review) throw new NotFoundError(interviewNotFound);
      const body: ReviewResponse = { review, caughtUp };
      return { body };
    }),
  );

  router.post(
    '/:interviewId/scores',
    route({ params: interviewIdParams, body: giveScoreRequest }, async ({ params, body }, _req, res) => {
      const recruiter = recruiterOf(res);
      const at = deps.now().toISOString();
      const outcome = await handleCommand(
        deps.store,
        reviewStream(params.interviewId),
        reviewDecider,
        {
          type: 'GiveScore',
          interviewId: params.interviewId,
          organisationId: recruiter.org,
          recruiterId: recruiter.sub,
          recruiterName: recruiter.name,
          score: body.score,
          note: body.note,
          at,
        },
        { occurredAt: at, actorId: recruiter.sub, organisationId: recruiter.org },
      );
      // an unchanged score appended nothing: the read model already shows it
      const position = outcome.position || (await deps.store.readStream(outcome.streamId)).at(-1)?.position || 0;
      const result: CommandResult = {
        id: params.interviewId,
        streamId: outcome.streamId,
        position,
        waitFor: consistencyToken(outcome.streamId, position),
      };
      return { body: result };
    }),
  );
  return router;
}
