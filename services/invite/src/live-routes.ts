// Recruiter routes of live interviews, mounted under /api/invite behind the recruiter check:
// templates, scheduling, rescheduling, cancelling, and the two links of an interview (derived on
// demand from the write model as paths `/join/<token>` and `/host/<token>`; no token is stored).
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import {
  consistencyToken,
  consistencyTokenSchema,
  createLiveTemplateRequest,
  editLiveTemplateRequest,
  listLiveInterviewsQuery,
  liveInterviewIdParams,
  liveLinkPrefixes,
  liveLinkPurposes,
  liveLinkRoleRequest,
  liveTemplateIdParams,
  rescheduleLiveInterviewRequest,
  scheduleLiveInterviewRequest,
  type CommandResult,
  type LiveInterviewDetails,
  type LiveLinksResponse,
  type LiveRole,
} from '@candor/contracts';
import {
  handleCommand,
  NotFoundError,
  recruiterOf,
  requireRecruiter,
  route,
  ValidationError,
  type Decider,
  type DomainEvent,
  type EventStore,
  type LinkTokens,
  type ProjectionRunner,
  type SessionTokens,
} from '@candor/runtime';
import { instantOf, liveInterviewDecider, liveInterviewStream, type LiveInterviewCommand } from './live-interview';
import { liveTemplateDecider, liveTemplateStream, type LiveTemplateCommand } from './live-template';
import type { LiveInterviewsQuery } from './read-models/live-interviews/query';
import type { LiveTemplatesQuery } from './read-models/live-templates/query';

export interface LiveRouteDeps {
  store: EventStore;
  tokens: SessionTokens;
  linkTokens: LinkTokens;
  templates: LiveTemplatesQuery;
  templatesRunner: Pick<ProjectionRunner, 'waitFor'>;
  interviews: LiveInterviewsQuery;
  interviewsRunner: Pick<ProjectionRunner, 'waitFor'>;
  now: () => Date;
  readWaitMs?: number;
}

const readQuery = z.strictObject({ waitFor: consistencyTokenSchema.optional() });
const listQuery = listLiveInterviewsQuery.extend({ waitFor: consistencyTokenSchema.optional() });
type WaitFor = { streamId: string; position: number } | undefined;
type Recruiter = ReturnType<typeof recruiterOf>;
type By = { organisationId: string; recruiterId: string; at: string };

const wallClockProblems = {
  'not-a-time': 'this is not a real date and time',
  'unknown-zone': 'unknown time zone',
  skipped: 'this time does not exist in that time zone (the clocks skip it); choose another',
} as const;

/** The UTC instant the recruiter means, or a 400 on `startsAt`. */
function instantOrRefuse(startsAt: string, timeZone: string): string {
  const converted = instantOf(startsAt, timeZone);
  if (converted.ok) return converted.instant;
  const message = wallClockProblems[converted.reason];
  throw new ValidationError(`startsAt: ${message}.`, [{ path: 'startsAt', message }]);
}

export function liveRoutes(deps: LiveRouteDeps): Router {
  const { store, linkTokens, templates, interviews, now } = deps;
  const readWaitMs = deps.readWaitMs ?? 2_000;
  const router = Router();
  router.use(requireRecruiter(deps.tokens));

  const linksOf = (interview: Pick<LiveInterviewDetails, 'liveInterviewId' | 'candidateLinkId' | 'hostLinkId'>) => {
    const path = (role: LiveRole, linkId: string | null) =>
      linkId === null
        ? null
        : {
            path: `${liveLinkPrefixes[role]}${linkTokens.tokenFor(liveLinkPurposes[role], interview.liveInterviewId, linkId)}`,
          };
    return {
      candidate: path('candidate', interview.candidateLinkId),
      host: path('host', interview.hostLinkId),
    } satisfies LiveLinksResponse;
  };

  async function load<State, Event extends DomainEvent>(streamId: string, decider: Decider<State, never, Event>) {
    let state = decider.initialState();
    for (const event of await store.readStream(streamId)) state = decider.evolve(state, event as unknown as Event);
    return state;
  }

  async function run<State, Command, Event extends DomainEvent>(
    recruiter: Recruiter,
    id: string,
    streamId: string,
    decider: Decider<State, Command, Event>,
    command: (by: By) => Command,
  ) {
    const at = now().toISOString();
    const by = { organisationId: recruiter.org, recruiterId: recruiter.sub, at };
    const outcome = await handleCommand(store, streamId, decider, command(by), {
      occurredAt: at,
      actorId: recruiter.sub,
      organisationId: recruiter.org,
    });
    // a command that changed nothing answers the stream's last position, so `waitFor` still works
    const position = outcome.position || (await store.readStream(streamId)).at(-1)?.position || 0;
    const result: CommandResult = { id, streamId, position, waitFor: consistencyToken(streamId, position) };
    return { result, state: outcome.state };
  }

  const onTemplate = (recruiter: Recruiter, templateId: string, command: (by: By) => LiveTemplateCommand) =>
    run(recruiter, templateId, liveTemplateStream(templateId), liveTemplateDecider, command);
  const onInterview = (recruiter: Recruiter, id: string, command: (by: By) => LiveInterviewCommand) =>
    run(recruiter, id, liveInterviewStream(id), liveInterviewDecider, command);
  const caughtUp = (runner: Pick<ProjectionRunner, 'waitFor'>, waitFor: WaitFor) =>
    waitFor ? runner.waitFor(waitFor.streamId, waitFor.position, readWaitMs) : Promise.resolve(true);

  // --- templates

  router.post(
    '/live-templates',
    route({ body: createLiveTemplateRequest }, async ({ body }, _req, res) => {
      const templateId = randomUUID();
      const { result } = await onTemplate(recruiterOf(res), templateId, (by) => ({
        type: 'CreateLiveTemplate',
        templateId,
        ...body,
        ...by,
      }));
      return { status: 201, body: result };
    }),
  );

  router.get(
    '/live-templates',
    route({ query: readQuery }, async ({ query }, _req, res) => {
      const done = await caughtUp(deps.templatesRunner, query.waitFor);
      return { body: { templates: await templates.list(recruiterOf(res).org), caughtUp: done } };
    }),
  );

  router.get(
    '/live-templates/:templateId',
    route({ params: liveTemplateIdParams, query: readQuery }, async ({ params, query }, _req, res) => {
      const done = await caughtUp(deps.templatesRunner, query.waitFor);
      const template = await templates.get(recruiterOf(res).org, params.templateId);
      if (!template) throw new NotFoundError('Live interview template not found.');
      return { body: { template, caughtUp: done } };
    }),
  );

  router.put(
    '/live-templates/:templateId',
    route({ params: liveTemplateIdParams, body: editLiveTemplateRequest }, async ({ params, body }, _req, res) => ({
      body: (
        await onTemplate(recruiterOf(res), params.templateId, (by) => ({
          type: 'EditLiveTemplate',
          templateId: params.templateId,
          ...body,
          ...by,
        }))
      ).result,
    })),
  );

  // --- interviews

  router.post(
    '/live-interviews',
    route({ body: scheduleLiveInterviewRequest }, async ({ body }, _req, res) => {
      const recruiter = recruiterOf(res);
      const startsAt = instantOrRefuse(body.startsAt, body.timeZone);
      const liveInterviewId = randomUUID();
      const template = await load(liveTemplateStream(body.templateId), liveTemplateDecider);
      const { result, state } = await onInterview(recruiter, liveInterviewId, (by) => ({
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
      return { status: 201, body: { ...result, links: linksOf(state.interview) } };
    }),
  );

  router.get(
    '/live-interviews',
    route({ query: listQuery }, async ({ query }, _req, res) => {
      const done = await caughtUp(deps.interviewsRunner, query.waitFor);
      return { body: { interviews: await interviews.list(recruiterOf(res).org, query.templateId), caughtUp: done } };
    }),
  );

  router.get(
    '/live-interviews/:liveInterviewId',
    route({ params: liveInterviewIdParams, query: readQuery }, async ({ params, query }, _req, res) => {
      const done = await caughtUp(deps.interviewsRunner, query.waitFor);
      const interview = await interviews.get(recruiterOf(res).org, params.liveInterviewId);
      if (!interview) throw new NotFoundError('Live interview not found.');
      return { body: { interview, caughtUp: done } };
    }),
  );

  // The current links, from the write model (a projection a moment behind must not hand out a revoked link).
  router.get(
    '/live-interviews/:liveInterviewId/links',
    route({ params: liveInterviewIdParams }, async ({ params }, _req, res) => {
      const state = await load(liveInterviewStream(params.liveInterviewId), liveInterviewDecider);
      if (state.status === 'none' || state.interview.organisationId !== recruiterOf(res).org)
        throw new NotFoundError('Live interview not found.');
      res.setHeader('Cache-Control', 'no-store');
      return { body: linksOf(state.interview) };
    }),
  );

  router.post(
    '/live-interviews/:liveInterviewId/reschedule',
    route(
      { params: liveInterviewIdParams, body: rescheduleLiveInterviewRequest },
      async ({ params, body }, _req, res) => {
        const startsAt = instantOrRefuse(body.startsAt, body.timeZone);
        const { liveInterviewId } = params;
        const { result } = await onInterview(recruiterOf(res), liveInterviewId, (by) => ({
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
        await onInterview(recruiterOf(res), liveInterviewId, (by) => ({
          type: 'CancelLiveInterview',
          liveInterviewId,
          ...by,
        }))
      ).result,
    })),
  );

  router.post(
    '/live-interviews/:liveInterviewId/links/revoke',
    route({ params: liveInterviewIdParams, body: liveLinkRoleRequest }, async ({ params, body }, _req, res) => {
      const { liveInterviewId } = params;
      const { result } = await onInterview(recruiterOf(res), liveInterviewId, (by) => ({
        type: 'RevokeLiveLink',
        liveInterviewId,
        role: body.role,
        ...by,
      }));
      return { body: result };
    }),
  );

  router.post(
    '/live-interviews/:liveInterviewId/links/reissue',
    route({ params: liveInterviewIdParams, body: liveLinkRoleRequest }, async ({ params, body }, _req, res) => {
      const { liveInterviewId } = params;
      const { result, state } = await onInterview(recruiterOf(res), liveInterviewId, (by) => ({
        type: 'ReissueLiveLink',
        liveInterviewId,
        role: body.role,
        linkId: linkTokens.newLinkId(),
        ...by,
      }));
      if (state.status === 'none') throw new Error('a re-issued link has an interview');
      res.setHeader('Cache-Control', 'no-store');
      return { body: { ...result, links: linksOf(state.interview) } };
    }),
  );

  return router;
}
