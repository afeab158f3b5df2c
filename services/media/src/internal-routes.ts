// The media service's internal HTTP API, for other Candor services only (a service token, audience
// `candor-service`, from an allowed caller). Today: the recording service asking for recorder feeds
// (contracts/src/recorder-feed.ts). Thin on purpose: whether a feed is allowed is the live room's
// decision against the room's write model (recording on, participant in the room).
//   GET    /internal/rooms/:roomId/publishers
//   POST   /internal/rooms/:roomId/recorder-feeds            { participantId, ip, videoPort, audioPort }
//   DELETE /internal/rooms/:roomId/recorder-feeds/:feedId
import { Router } from 'express';
import { recorderFeedParams, recorderFeedRequest, roomIdParams, type RoomPublishersResponse } from '@candor/contracts';
import { requireService, route, type ServiceTokens } from '@candor/runtime';
import type { LiveRooms } from './live/live-rooms';

/** The services that may ask for recorder feeds. */
export const recorderCallers = ['recording'] as const;

export function internalRoutes(deps: { serviceTokens: ServiceTokens; liveRooms: LiveRooms }): Router {
  const { liveRooms } = deps;
  const router = Router();
  const recorder = requireService(deps.serviceTokens, recorderCallers);

  router.get(
    '/internal/rooms/:roomId/publishers',
    recorder,
    route({ params: roomIdParams }, async ({ params }) => {
      const body: RoomPublishersResponse = { publishers: liveRooms.publishers(params.roomId) };
      return { body };
    }),
  );
  router.post(
    '/internal/rooms/:roomId/recorder-feeds',
    recorder,
    route({ params: roomIdParams, body: recorderFeedRequest }, async ({ params, body }) => {
      const { participantId, ...target } = body;
      return { status: 201, body: await liveRooms.startRecorderFeed(params.roomId, participantId, target) };
    }),
  );
  router.delete(
    '/internal/rooms/:roomId/recorder-feeds/:feedId',
    recorder,
    route({ params: recorderFeedParams }, async ({ params }) => {
      await liveRooms.stopRecorderFeed(params.roomId, params.feedId);
      return { status: 204 };
    }),
  );
  return router;
}
