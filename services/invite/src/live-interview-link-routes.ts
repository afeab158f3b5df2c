// The recruiter's side of a live interview's two links (candidate, host): read the current ones,
// revoke one, re-issue one. Links are derived on demand from the write model, never stored; opening
// them (no account) is live-link-routes.ts. Mounted by live-routes.ts behind the recruiter check.
import type { Router } from 'express';
import { liveInterviewIdParams, liveLinkRoleRequest } from '@candor/contracts';
import { NotFoundError, recruiterOf, route, type LinkTokens } from '@candor/runtime';
import type { LiveCommands } from './live-commands';
import { liveInterviewDecider, liveInterviewStream } from './live-interview';

export function addLiveInterviewLinkRoutes(
  router: Router,
  live: LiveCommands,
  linkTokens: Pick<LinkTokens, 'newLinkId'>,
): void {
  // The current links, from the write model (a projection a moment behind must not hand out a revoked link).
  router.get(
    '/live-interviews/:liveInterviewId/links',
    route({ params: liveInterviewIdParams }, async ({ params }, _req, res) => {
      const state = await live.load(liveInterviewStream(params.liveInterviewId), liveInterviewDecider);
      if (state.status === 'none' || state.interview.organisationId !== recruiterOf(res).org)
        throw new NotFoundError('Live interview not found.');
      res.setHeader('Cache-Control', 'no-store');
      return { body: live.linksOf(state.interview) };
    }),
  );

  router.post(
    '/live-interviews/:liveInterviewId/links/revoke',
    route({ params: liveInterviewIdParams, body: liveLinkRoleRequest }, async ({ params, body }, _req, res) => {
      const { liveInterviewId } = params;
      const { result } = await live.onInterview(recruiterOf(res), liveInterviewId, (by) => ({
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
      const { result, state } = await live.onInterview(recruiterOf(res), liveInterviewId, (by) => ({
        type: 'ReissueLiveLink',
        liveInterviewId,
        role: body.role,
        linkId: linkTokens.newLinkId(),
        ...by,
      }));
      if (state.status === 'none') throw new Error('a re-issued link has an interview');
      res.setHeader('Cache-Control', 'no-store');
      return { body: { ...result, links: live.linksOf(state.interview) } };
    }),
  );
}
