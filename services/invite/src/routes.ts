// HTTP routes of the invite service, mounted under /api/invite. Every route needs a recruiter
// session and acts only inside the recruiter's organisation.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import {
  consistencyToken,
  createJobRequest,
  editJobRequest,
  jobIdParams,
  listJobsQuery,
  readJobQuery,
  type CommandResult,
} from '@candor/contracts';
import {
  handleCommand,
  NotFoundError,
  recruiterOf,
  requireRecruiter,
  route,
  type EventStore,
  type LinkTokens,
  type ProjectionRunner,
  type SessionTokens,
} from '@candor/runtime';
import { jobDecider, jobStream, type JobCommand } from './job';
import type { JobsQuery } from './read-models/jobs/query';
import type { InvitesQuery } from './read-models/invites/query';
import { addInviteRoutes } from './invite-routes';

export interface InviteRouteDeps {
  store: EventStore;
  tokens: SessionTokens;
  jobs: JobsQuery;
  jobsRunner: Pick<ProjectionRunner, 'waitFor'>;
  invites: InvitesQuery;
  invitesRunner: Pick<ProjectionRunner, 'waitFor'>;
  linkTokens: LinkTokens;
  now: () => Date;
  /** how long a read waits for its `waitFor` position before answering with what it has */
  readWaitMs?: number;
}

export function inviteRoutes(deps: InviteRouteDeps): Router {
  const { store, jobs, jobsRunner, now } = deps;
  const readWaitMs = deps.readWaitMs ?? 2_000;
  const router = Router();
  router.use(requireRecruiter(deps.tokens));

  const withQuestionIds = (questions: { id?: string; text: string }[]) =>
    questions.map((question) => ({ id: question.id ?? randomUUID(), text: question.text }));

  async function run(
    res: Parameters<typeof recruiterOf>[0],
    jobId: string,
    command: (by: { organisationId: string; recruiterId: string; at: string }) => JobCommand,
    options: { freshStream?: boolean } = {},
  ): Promise<CommandResult> {
    const recruiter = recruiterOf(res);
    const at = now().toISOString();
    const outcome = await handleCommand(
      store,
      jobStream(jobId),
      jobDecider,
      command({ organisationId: recruiter.org, recruiterId: recruiter.sub, at }),
      { occurredAt: at, actorId: recruiter.sub, organisationId: recruiter.org },
      options,
    );
    const position = outcome.position || (await store.readStream(outcome.streamId)).at(-1)?.position || 0;
    return { id: jobId, streamId: outcome.streamId, position, waitFor: consistencyToken(outcome.streamId, position) };
  }

  const caughtUp = async (waitFor: { streamId: string; position: number } | undefined) =>
    waitFor ? jobsRunner.waitFor(waitFor.streamId, waitFor.position, readWaitMs) : true;

  router.post(
    '/jobs',
    route({ body: createJobRequest }, async ({ body }, _req, res) => {
      const jobId = randomUUID();
      const result = await run(res, jobId, (by) => ({
        type: 'CreateJob',
        jobId,
        ...body,
        questions: withQuestionIds(body.questions),
        ...by,
      }), { freshStream: true }); // jobId was minted just above: there is nothing to read
      return { status: 201, body: result };
    }),
  );

  router.get(
    '/jobs',
    route({ query: listJobsQuery }, async ({ query }, _req, res) => {
      const done = await caughtUp(query.waitFor);
      return { body: { jobs: await jobs.list(recruiterOf(res).org, query.status), caughtUp: done } };
    }),
  );

  router.get(
    '/jobs/:jobId',
    route({ params: jobIdParams, query: readJobQuery }, async ({ params, query }, _req, res) => {
      const done = await caughtUp(query.waitFor);
      const job = await jobs.get(recruiterOf(res).org, params.jobId);
      if (!job) throw new NotFoundError('Job not found.');
      return { body: { job, caughtUp: done } };
    }),
  );

  router.put(
    '/jobs/:jobId',
    route({ params: jobIdParams, body: editJobRequest }, async ({ params, body }, _req, res) => ({
      body: await run(res, params.jobId, (by) => ({
        type: 'EditJob',
        jobId: params.jobId,
        ...body,
        questions: withQuestionIds(body.questions),
        ...by,
      })),
    })),
  );

  for (const [action, type] of [
    ['activate', 'ActivateJob'],
    ['deactivate', 'DeactivateJob'],
  ] as const) {
    router.post(
      `/jobs/:jobId/${action}`,
      route({ params: jobIdParams }, async ({ params }, _req, res) => ({
        body: await run(res, params.jobId, (by) => ({ type, jobId: params.jobId, ...by })),
      })),
    );
  }

  addInviteRoutes(router, {
    store,
    linkTokens: deps.linkTokens,
    invites: deps.invites,
    invitesRunner: deps.invitesRunner,
    now,
    readWaitMs,
  });
  return router;
}
