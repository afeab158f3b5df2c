// Recruiter routes of invites, mounted under /api/invite (behind the recruiter check in routes.ts).
// Links come back as paths (`/i/<token>`) derived on demand; no token is stored.
import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import {
  candidateLinkPrefix,
  consistencyToken,
  createInviteRequest,
  inviteIdParams,
  openInvitesQuery,
  openInviteProblemType,
  readJobQuery,
  setInviteExpiryRequest,
  type CommandResult,
} from '@candor/contracts';
import {
  CandorError,
  ConflictError,
  handleCommand,
  NotFoundError,
  recruiterOf,
  route,
  type EventStore,
  type LinkTokens,
  type ProjectionRunner,
} from '@candor/runtime';
import { createOnce, idempotencyKeyOf } from './create-once';
import { inviteDecider, inviteLinkPurpose, inviteStream, type InviteCommand } from './invite';
import { jobDecider, jobStream, type Job, type JobEvent } from './job';
import type { InvitesQuery } from './read-models/invites/query';

export interface InviteRoutesDeps {
  store: EventStore;
  linkTokens: LinkTokens;
  invites: InvitesQuery;
  invitesRunner: Pick<ProjectionRunner, 'waitFor'>;
  now: () => Date;
  readWaitMs: number;
}

export function addInviteRoutes(router: Router, deps: InviteRoutesDeps): void {
  const { store, linkTokens, invites, invitesRunner, now } = deps;
  const linkPath = (inviteId: string, linkId: string) =>
    `${candidateLinkPrefix}${linkTokens.tokenFor(inviteLinkPurpose, inviteId, linkId)}`;

  async function loadJob(jobId: string): Promise<Job> {
    let job = jobDecider.initialState();
    for (const event of await store.readStream(jobStream(jobId)))
      job = jobDecider.evolve(job, event as unknown as JobEvent);
    return job;
  }

  async function run(
    res: Parameters<typeof recruiterOf>[0],
    inviteId: string,
    command: (by: { organisationId: string; recruiterId: string; at: string }) => InviteCommand,
  ) {
    const recruiter = recruiterOf(res);
    const at = now().toISOString();
    const outcome = await handleCommand(
      store,
      inviteStream(inviteId),
      inviteDecider,
      command({ organisationId: recruiter.org, recruiterId: recruiter.sub, at }),
      {
        occurredAt: at,
        actorId: recruiter.sub,
        organisationId: recruiter.org,
      },
    );
    const position = outcome.position || (await store.readStream(outcome.streamId)).at(-1)?.position || 0;
    const result: CommandResult = {
      id: inviteId,
      streamId: outcome.streamId,
      position,
      waitFor: consistencyToken(outcome.streamId, position),
    };
    return { result, state: outcome.state };
  }

  // Idempotent with an `Idempotency-Key` (one per form submission): a double submit answers the first invite.
  router.post(
    '/invites',
    route({ body: createInviteRequest }, async ({ body }, req, res) => {
      const recruiter = recruiterOf(res);
      const key = idempotencyKeyOf(req);
      const inviteId = randomUUID();
      const at = now().toISOString();
      const created = await createOnce(store, {
        key,
        scope: { organisationId: recruiter.org, recruiterId: recruiter.sub },
        fingerprint: body,
        id: inviteId,
        streamId: inviteStream(inviteId),
        decider: inviteDecider,
        command: {
          type: 'InviteCandidate',
          inviteId,
          job: await loadJob(body.jobId),
          jobId: body.jobId,
          candidateName: body.candidateName,
          candidateEmail: body.candidateEmail,
          expiresAt: body.expiresAt ?? null,
          linkId: linkTokens.newLinkId(),
          organisationId: recruiter.org,
          recruiterId: recruiter.sub,
          at,
        },
        metadata: { occurredAt: at, actorId: recruiter.sub, organisationId: recruiter.org },
        async check() {
          if (body.inviteAgain) return;
          const open = await invites.open(recruiter.org, body.jobId, body.candidateEmail);
          if (open.length > 0)
            throw new CandorError(
              409,
              'Open invite',
              'This candidate already has an open invite to this job; send inviteAgain to invite them again.',
              undefined,
              openInviteProblemType,
            );
        },
      });
      const { state } = created;
      if (state.status === 'none' || state.linkId === null)
        throw new ConflictError('The invite made with this key has no working link any more.');
      const result: CommandResult = {
        id: created.id,
        streamId: created.streamId,
        position: created.position,
        waitFor: consistencyToken(created.streamId, created.position),
      };
      return {
        status: created.replayed ? 200 : 201,
        body: { ...result, link: { path: linkPath(created.id, state.linkId) } },
      };
    }),
  );

  // Open invites (working, unexpired link) of one candidate for one job: the form warns before a second.
  router.get(
    '/invites',
    route({ query: openInvitesQuery }, async ({ query }, _req, res) => ({
      body: { invites: await invites.open(recruiterOf(res).org, query.jobId, query.candidateEmail) },
    })),
  );

  router.get(
    '/invites/:inviteId',
    route({ params: inviteIdParams, query: readJobQuery }, async ({ params, query }, _req, res) => {
      const caughtUp = query.waitFor
        ? await invitesRunner.waitFor(query.waitFor.streamId, query.waitFor.position, deps.readWaitMs)
        : true;
      const invite = await invites.get(recruiterOf(res).org, params.inviteId);
      if (!invite) throw new NotFoundError('Invite not found.');
      return { body: { invite, caughtUp } };
    }),
  );

  // The current link, from the write model (a projection a moment behind must not hand out a revoked link).
  router.get(
    '/invites/:inviteId/link',
    route({ params: inviteIdParams }, async ({ params }, _req, res) => {
      let state = inviteDecider.initialState();
      for (const event of await store.readStream(inviteStream(params.inviteId)))
        state = inviteDecider.evolve(state, event as never);
      if (state.status === 'none' || state.organisationId !== recruiterOf(res).org)
        throw new NotFoundError('Invite not found.');
      if (state.linkId === null) throw new ConflictError('This link was revoked; re-issue it to get a new one.');
      return { body: { path: linkPath(params.inviteId, state.linkId) } };
    }),
  );

  router.post(
    '/invites/:inviteId/revoke',
    route({ params: inviteIdParams }, async ({ params }, _req, res) => ({
      body: (await run(res, params.inviteId, (by) => ({ type: 'RevokeLink', inviteId: params.inviteId, ...by })))
        .result,
    })),
  );

  router.post(
    '/invites/:inviteId/reissue',
    route({ params: inviteIdParams }, async ({ params }, _req, res) => {
      const linkId = linkTokens.newLinkId();
      const { result } = await run(res, params.inviteId, (by) => ({
        type: 'ReissueLink',
        inviteId: params.inviteId,
        linkId,
        ...by,
      }));
      return { body: { ...result, link: { path: linkPath(params.inviteId, linkId) } } };
    }),
  );

  router.put(
    '/invites/:inviteId/expiry',
    route({ params: inviteIdParams, body: setInviteExpiryRequest }, async ({ params, body }, _req, res) => ({
      body: (
        await run(res, params.inviteId, (by) => ({
          type: 'SetExpiry',
          inviteId: params.inviteId,
          expiresAt: body.expiresAt,
          ...by,
        }))
      ).result,
    })),
  );
}
