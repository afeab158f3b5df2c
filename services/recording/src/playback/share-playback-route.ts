// POST /share-playback { token, pass } — a share viewer's signed playback URLs. No account: the
// viewer's link token and viewing pass (its cookie, relayed by the viewer page's server) are the
// capability, and the sharing service — the one home of share tokens — judges them; this service
// never parses either. For each recording sharing says the session may play, this service's own
// write model decides whether it plays now (ready, not deleted), and the URL it mints is bound to
// that recording, that link and that viewing session for at most five minutes. Every range request
// on it asks sharing again (viewer-access.ts). The answer holds ids and URLs only: no name, no size.
// Rate limited per client address and per link, as the viewer's own endpoints (share-playback-limits.ts).
import { Router } from 'express';
import { apiPaths, sharePlaybackRequest, type SharePlaybackResponse } from '@candor/contracts';
import { route, type EventStore, type RateLimitStores } from '@candor/runtime';
import { loadRecordings } from '../interview-recordings';
import type { PlaybackTokens } from './playback-tokens';
import type { ShareAccess } from './share-access';
import { defaultSharePlaybackLimits, sharePlaybackLimiters, type SharePlaybackLimits } from './share-playback-limits';

export function sharePlaybackRoute(deps: {
  store: EventStore;
  tokens: PlaybackTokens;
  share: ShareAccess;
  now: () => Date;
  limits?: SharePlaybackLimits;
  /** where the limits count (the service's database, shared by replicas); default per process */
  stores?: RateLimitStores;
}): Router {
  const router = Router();
  router.post(
    '/share-playback',
    ...sharePlaybackLimiters(deps.limits ?? defaultSharePlaybackLimits, deps.stores),
    route({ body: sharePlaybackRequest }, async ({ body }, _req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Referrer-Policy', 'no-referrer');
      const grant = await deps.share.grant(body.token, body.pass);
      const state = await loadRecordings(deps.store, grant.liveInterviewId);
      const at = deps.now();
      const viewer = { kind: 'share', shareLinkId: grant.shareLinkId, viewingSessionId: grant.viewingSessionId } as const;
      const answer: SharePlaybackResponse = { recordings: [] };
      for (const id of grant.recordings) {
        const segment = state.segments.find((candidate) => candidate.id === id);
        if (!segment || segment.status !== 'ready' || !segment.key) continue;
        const issued = deps.tokens.issue(id, viewer, at);
        answer.recordings.push({
          id,
          url: `${apiPaths.recording.playback(id)}?token=${encodeURIComponent(issued.token)}`,
          expiresAt: issued.expiresAt.toISOString(),
        });
      }
      return { body: answer };
    }),
  );
  return router;
}
