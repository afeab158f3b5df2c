// Recruiter routes of scheduled live interviews: schedule (answering both links once), list, read,
// reschedule, cancel. A start arrives as a wall-clock time in an IANA zone and is kept as the
// instant it means. Mounted by live-routes.ts behind the recruiter check.
import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { z } from 'zod';
import {
  consistencyTokenSchema,
  listLiveInterviewsQuery,
  liveInterviewIdParams,
  openLiveInterviewProblemType,
  rescheduleLiveInterviewRequest,
  scheduleLiveInterviewRequest,
} from '@candor/contracts';
import { CandorError, NotFoundError, recruiterOf, route, type LinkTokens, type ProjectionRunner } from '@candor/runtime';
import { idempotencyKeyOf } from './create-once';
import { instantOrRefuse, readQuery, type LiveCommands } from './live-commands';
import { liveTemplateDecider, liveTemplateStream } from './live-template';
import type { LiveInterviewsQuery } from './read-models/live-interviews/query';

const listQuery = listLiveInterviewsQuery.extend({ waitFor: consistencyTokenSchema.optional() });

export function addLiveInterviewRoutes(
  router: Router,
  live: LiveCommands,
  deps: {
    interviews: LiveInterviewsQuery;
    interviewsRunner: Pick<ProjectionRunner, 'waitFor'>;
    linkTokens: Pick<LinkTokens, 'newLinkId'>;
  },
): void {
  const { interviews, interviewsRunner, linkTokens } = deps;

  router.post(
    '/live-interviews',
    // Idempotent with an `Idempotency-Key` (one per form submission): a double submit answers the first.
    route({ body: scheduleLiveInterviewRequest }, async ({ body }, req, res) => {
      const recruiter = recruiterOf(res);
      const startsAt = instantOrRefuse(body.startsAt, body.timeZone);
      const liveInterviewId = randomUUID();
      const template = await live.load(liveTemplateStream(body.templateId), liveTemplateDecider);
      const request = {
        key: idempotencyKeyOf(req),
        fingerprint: body,
        check: body.refuseIfOpen
          ? () => refuseIfOpen(interviews, recruiter.org, body.templateId, body.candidateEmail, live.now())
          : undefined,
      };
      const { result, state } = await live.scheduleOnce(recruiter, liveInterviewId, request, (by) => ({
        type: 'ScheduleLiveInterview',
        liveInterviewId,
        templateId: body.templateId,
        template,
        organisationName: recruiter.orgName,
        recruiter: { name: recruiter.name, email: recruiter.email },
        candidate: { name: body.candidateName, email: body.candidateEmail },
        guestInterviewers: body.guestInterviewers,
        startsAt,
        timeZone: body.timeZone,
        candidateLinkId: linkTokens.newLinkId(),
        hostLinkId: linkTokens.newLinkId(),
        ...by,
      }));
      if (state.status === 'none') throw new Error('a scheduled interview has a state');
      res.setHeader('Cache-Control', 'no-store');
      return { status: 201, body: { ...result, links: live.linksOf(state.interview) } };
    }),
  );

  router.get(
    '/live-interviews',
    route({ query: listQuery }, async ({ query }, _req, res) => {
      const done = await live.caughtUp(interviewsRunner, query.waitFor);
      return { body: { interviews: await interviews.list(recruiterOf(res).org, query.templateId), caughtUp: done } };
    }),
  );

  router.get(
    '/live-interviews/:liveInterviewId',
    route({ params: liveInterviewIdParams, query: readQuery }, async ({ params, query }, _req, res) => {
      const done = await live.caughtUp(interviewsRunner, query.waitFor);
      const interview = await interviews.get(recruiterOf(res).org, params.liveInterviewId);
      if (!interview) throw new NotFoundError('Live interview not found.');
      return { body: { interview, caughtUp: done } };
    }),
  );

  router.post(
    '/live-interviews/:liveInterviewId/reschedule',
    route(
      { params: liveInterviewIdParams, body: rescheduleLiveInterviewRequest },
      async ({ params, body }, _req, res) => {
        const startsAt = instantOrRefuse(body.startsAt, body.timeZone);
        const { liveInterviewId } = params;
        const { result } = await live.onInterview(recruiterOf(res), liveInterviewId, (by) => ({
          type: 'RescheduleLiveInterview',
          liveInterviewId,
          startsAt,
          timeZone: body.timeZone,
          ...by,
        }));
        return { body: result };
      },
    ),
  );

  router.post(
    '/live-interviews/:liveInterviewId/cancel',
    route({ params: liveInterviewIdParams }, async ({ params: { liveInterviewId } }, _req, res) => ({
      body: (
        await live.onInterview(recruiterOf(res), liveInterviewId, (by) => ({
          type: 'CancelLiveInterview',
          liveInterviewId,
          ...by,
        }))
      ).result,
    })),
  );
}

/**
 * The dashboard's duplicate guard: an interview of the same candidate on the template that is still
 * open (scheduled, neither cancelled nor declined, not yet past its end) refuses a second one, so
 * the recruiter sees the first one's link and schedules again only on purpose.
 */
async function refuseIfOpen(
  interviews: LiveInterviewsQuery,
  organisationId: string,
  templateId: string,
  candidateEmail: string,
  now: Date,
): Promise<void> {
  const email = candidateEmail.trim().toLowerCase();
  const open = (await interviews.list(organisationId, templateId)).filter(
    (interview) =>
      interview.candidateEmail.toLowerCase() === email &&
      interview.status === 'scheduled' &&
      interview.candidateDeclined === null &&
      Date.parse(interview.startsAt) + interview.durationMinutes * 60_000 > now.getTime(),
  );
  if (open.length > 0)
    throw new CandorError(
      409,
      'Open live interview',
      'This candidate already has an open interview on this template; leave out refuseIfOpen to schedule another.',
      undefined,
      openLiveInterviewProblemType,
    );
}
