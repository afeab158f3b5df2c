// What the recording service asks before it lets a share viewer play (internal: a service token of
// the recording service only). Playback of a shared recording goes through the recording service's
// signed URLs, and this service owns the link, so the recording service asks here, synchronously,
// on every decision — a revocation is in this service's write model the moment Delete answered, so
// the player's next range request is refused, with no bus in between:
//   POST /internal/playback-grants { token, pass }   the viewer's link token and viewing pass (its
//        cookie): the viewing session they prove and the recordings it may play; the recording
//        service then mints URLs bound to that link and session.
//   POST /internal/playback-checks { shareLinkId, viewingSessionId, roomId, recordingId }   on every
//        range request: 204 while the link is not revoked or expired, the session is within its
//        grant (a used-up link still plays for the sessions it granted), the interview has not
//        ended and the link still shows that recording; else the refusal the viewer page would get.
import { Router } from 'express';
import {
  playbackCheckRequest,
  shareProblemTypes,
  shareTokenRequest,
  type PlaybackGrantResponse,
} from '@candor/contracts';
import { CandorError, GoneError, requireService, route, type EventStore, type ServiceTokens } from '@candor/runtime';
import { refusalOf, statusAt } from '../share-link';
import type { ShareTokens } from '../share-tokens';
import { viewerContentOf } from '../viewer/content';
import { interviewOfLink, linkOfToken, loadShareLink, sessionOpen, viewerStates, type ExistingLink } from '../viewer/link-state';
import { z } from 'zod';

const grantRequest = shareTokenRequest.extend({ pass: z.string().min(1).max(200) });

const sessionNeeded = () =>
  new CandorError(403, 'Forbidden', 'Open the share link again to watch.', undefined, shareProblemTypes.viewingSession);

/** Revoked and expired links refuse everyone; a used-up one still plays for the sessions it granted. */
function refuseClosed(state: ExistingLink, sessionId: string | null, at: Date): void {
  const status = statusAt(state, at);
  if (status === 'revoked' || status === 'expired') throw refusalOf(status);
  if (!sessionOpen(state, sessionId, at)) throw sessionNeeded();
}

export function playbackRoutes(deps: {
  store: EventStore;
  shareTokens: ShareTokens;
  recordingTokens: ServiceTokens;
  now: () => Date;
}): Router {
  const { store, shareTokens, now } = deps;
  const router = Router();
  const states = viewerStates(store);
  router.use('/internal', requireService(deps.recordingTokens, ['recording']));

  router.post(
    '/internal/playback-grants',
    route({ body: grantRequest }, async ({ body }) => {
      const state = await linkOfToken(states, shareTokens, body.token);
      const sessionId = shareTokens.viewingSessionOf(body.pass, state.link.shareLinkId);
      refuseClosed(state, sessionId, now());
      const interview = await interviewOfLink(states, state.link);
      const answer: PlaybackGrantResponse = {
        shareLinkId: state.link.shareLinkId,
        viewingSessionId: sessionId!,
        liveInterviewId: state.link.liveInterviewId,
        recordings: viewerContentOf(state.link, interview).recordings.map((recording) => recording.id),
      };
      return { body: answer };
    }),
  );

  router.post(
    '/internal/playback-checks',
    route({ body: playbackCheckRequest }, async ({ body }) => {
      const state = await loadShareLink(store, body.shareLinkId);
      if (state.status === 'none' || state.link.liveInterviewId !== body.roomId) throw sessionNeeded();
      refuseClosed(state, body.viewingSessionId, now());
      const interview = await interviewOfLink(states, state.link);
      const chosen = state.link.recordings;
      const noted = interview.recordings.find((recording) => recording.segmentId === body.recordingId);
      // dropped from the playlist by an edit, or deleted: this session may no longer play it
      if ((chosen !== 'all' && !chosen.includes(body.recordingId)) || noted?.status === 'deleted') {
        throw new GoneError('This recording is no longer shared.', shareProblemTypes.revoked);
      }
      return { status: 204 };
    }),
  );
  return router;
}
