// The recruiter's share links of one interview, scoped to their organisation: create a custom link,
// Quick Share (the organisation's defaults in one click), list with clicks and status, edit the
// visible content (the URL stays), delete (= revoke, at once). Limits and the interview's
// organisation are checked on this service's write model. The viewing logs: viewing-log-routes.ts.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import {
  consistencyToken,
  consistencyTokenSchema,
  createShareLinkRequest,
  editShareLinkRequest,
  shareLinkIdParams,
  shareLinkPrefix,
  sharedInterviewParams,
  type SessionClaims,
  type ShareRecordings,
} from '@candor/contracts';
import {
  handleCommand,
  recruiterOf,
  requireRecruiter,
  route,
  type EventStore,
  type ProjectionRunner,
  type SessionTokens,
} from '@candor/runtime';
import type { ShareLinksQuery } from '../read-models/share-links/query';
import { shareLinkDecider, shareLinkStream, type ShareLinkCommand } from '../share-link';
import { shareSettingsDecider, shareSettingsStream, type ShareSettingsEvent } from '../share-settings';
import type { ShareTokens } from '../share-tokens';
import {
  dataUntil,
  sharedInterviewDecider,
  sharedInterviewStream,
  type SharedInterview,
  type SharedInterviewEvent,
} from '../shared-interview';
import { loadRetentionDays } from '../shared-retention';
import { endedBecause } from '../viewer/content';
import { loadShareLink } from '../viewer/link-state';

export const listQuery = z.strictObject({ waitFor: consistencyTokenSchema.optional() });

export async function loadSettings(store: EventStore, organisationId: string) {
  let state = shareSettingsDecider.initialState();
  for (const event of await store.readStream(shareSettingsStream(organisationId)))
    state = shareSettingsDecider.evolve(state, event as unknown as ShareSettingsEvent);
  return state;
}

export function linkRoutes(deps: {
  store: EventStore;
  tokens: SessionTokens;
  shareTokens: ShareTokens;
  links: ShareLinksQuery;
  linksRunner: Pick<ProjectionRunner, 'waitFor'>;
  now: () => Date;
  readWaitMs: number;
}): Router {
  const { store, shareTokens, now } = deps;
  const router = Router();
  router.use(requireRecruiter(deps.tokens));

  const metadataOf = (recruiter: SessionClaims, at: string) => ({
    occurredAt: at,
    actorId: recruiter.sub,
    organisationId: recruiter.org,
  });

  async function followedInterview(liveInterviewId: string) {
    let state = sharedInterviewDecider.initialState();
    for (const event of await store.readStream(sharedInterviewStream(liveInterviewId)))
      state = sharedInterviewDecider.evolve(state, event as unknown as SharedInterviewEvent);
    return state;
  }
  /** When the recordings a link would show are deleted, from this service's write model. */
  async function dataUntilOf(organisationId: string, recordings: ShareRecordings, followed: SharedInterview) {
    return dataUntil(followed.recordings, recordings, await loadRetentionDays(store, organisationId));
  }

  async function create(
    recruiter: SessionClaims,
    liveInterviewId: string,
    input: z.output<typeof createShareLinkRequest> | null,
  ) {
    const at = now().toISOString();
    const { defaults, ceilings } = await loadSettings(store, recruiter.org);
    const shareLinkId = randomUUID();
    const linkId = shareTokens.newRandomId();
    const followed = await followedInterview(liveInterviewId);
    const recordings = input?.recordings ?? 'all';
    const command: ShareLinkCommand = {
      type: 'CreateShareLink',
      shareLinkId,
      organisationId: recruiter.org,
      liveInterviewId,
      linkId,
      name: input?.name ?? `Quick share ${at.slice(0, 10)}`,
      nameVisibility: input?.nameVisibility ?? defaults.nameVisibility,
      content: input?.content ?? defaults.content,
      recordings,
      // a default beyond a ceiling lowered later is capped rather than refused
      expiryDays: input?.expiryDays ?? Math.min(defaults.expiryDays, ceilings.maxExpiryDays),
      maxViews: input?.maxViews ?? Math.min(defaults.maxViews, ceilings.maxViews),
      quick: input === null,
      ceilings,
      interview: followed.facts
        ? { organisationId: followed.facts.organisationId, cancelled: followed.facts.cancelled }
        : null,
      dataUntil: await dataUntilOf(recruiter.org, recordings, followed),
      by: recruiter.sub,
      byName: recruiter.name,
      at,
    };
    const outcome = await handleCommand(
      store,
      shareLinkStream(shareLinkId),
      shareLinkDecider,
      command,
      metadataOf(recruiter, at),
    );
    return {
      status: 201,
      body: {
        id: shareLinkId,
        path: `${shareLinkPrefix}${shareTokens.tokenFor(shareLinkId, linkId)}`,
        waitFor: consistencyToken(outcome.streamId, outcome.position),
      },
    };
  }

  router.post(
    '/interviews/:liveInterviewId/links',
    route({ params: sharedInterviewParams, body: createShareLinkRequest }, async ({ params, body }, _req, res) =>
      create(recruiterOf(res), params.liveInterviewId, body),
    ),
  );
  router.post(
    '/interviews/:liveInterviewId/quick-share',
    route({ params: sharedInterviewParams }, async ({ params }, _req, res) =>
      create(recruiterOf(res), params.liveInterviewId, null),
    ),
  );
  router.get(
    '/interviews/:liveInterviewId/links',
    route({ params: sharedInterviewParams, query: listQuery }, async ({ params, query }, _req, res) => {
      const recruiter = recruiterOf(res);
      const caughtUp = query.waitFor
        ? await deps.linksRunner.waitFor(query.waitFor.streamId, query.waitFor.position, deps.readWaitMs)
        : true;
      const [links, followed] = await Promise.all([
        deps.links.list(recruiter.org, params.liveInterviewId, now()),
        followedInterview(params.liveInterviewId),
      ]);
      // a link whose recordings were all deleted (or whose interview was cancelled) has ended
      for (const link of links) {
        if (link.status !== 'revoked' && endedBecause(link, followed)) link.status = 'ended';
      }
      return { body: { links, caughtUp } };
    }),
  );

  async function change(recruiter: SessionClaims, shareLinkId: string, command: ShareLinkCommand, at: string) {
    const outcome = await handleCommand(
      store,
      shareLinkStream(shareLinkId),
      shareLinkDecider,
      command,
      metadataOf(recruiter, at),
    );
    return { body: { id: shareLinkId, waitFor: consistencyToken(outcome.streamId, Math.max(outcome.position, 0)) } };
  }

  router.patch(
    '/links/:shareLinkId',
    route({ params: shareLinkIdParams, body: editShareLinkRequest }, async ({ params, body }, _req, res) => {
      const recruiter = recruiterOf(res);
      const at = now().toISOString();
      // the playlist may change: the expiry never passes the deletion date of what it will show
      const current = await loadShareLink(store, params.shareLinkId);
      const dataUntil =
        current.status !== 'none' && current.link.organisationId === recruiter.org
          ? await dataUntilOf(
              recruiter.org,
              body.recordings ?? current.link.recordings,
              await followedInterview(current.link.liveInterviewId),
            )
          : null;
      return change(
        recruiter,
        params.shareLinkId,
        { type: 'EditShareLink', organisationId: recruiter.org, ...body, dataUntil, by: recruiter.sub, at },
        at,
      );
    }),
  );
  router.delete(
    '/links/:shareLinkId',
    route({ params: shareLinkIdParams }, async ({ params }, _req, res) => {
      const recruiter = recruiterOf(res);
      const at = now().toISOString();
      return change(
        recruiter,
        params.shareLinkId,
        { type: 'RevokeShareLink', organisationId: recruiter.org, reason: 'recruiter', by: recruiter.sub, at },
        at,
      );
    }),
  );
  return router;
}
