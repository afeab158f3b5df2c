// HTTP routes of the media service, mounted under /api/media:
//   GET  /rooms/entry               live token → may this link enter now (the link pages' load)
//   POST /rooms/join                live token → room token (candidate and interviewer pages)
//   POST /rooms/network-check       live token + probe offer → answer on a throwaway SFU room (equipment test)
//   POST /rooms/:roomId/commands    a host command over HTTP, for when the host's socket is down
//   GET  /rooms?templateId=         the recruiter's rooms of a template (read model)
//   GET  /rooms/:roomId             one room (read model)
//   GET  /rooms/:roomId/timeline    participants, timeline and actual duration (read model)
//   GET  /held-interviews           the interviews that took place, newest first (read model)
// Joins and commands decide against the room's write model; the recruiter reads are scoped to the
// recruiter's organisation (another organisation's room is "not found").
import { Router } from 'express';
import {
  clientMessage,
  consistencyToken,
  grantsFor,
  joinRoomRequest,
  networkCheckRequest,
  listRoomsQuery,
  roomIdParams,
  type CommandResult,
} from '@candor/contracts';
import {
  liveClaimsOf,
  NotFoundError,
  recruiterOf,
  requireRecruiter,
  route,
  ValidationError,
  type EventStore,
  type LiveTokens,
  type RoomTokens,
  type SessionTokens,
} from '@candor/runtime';
import { isHostMessage } from './live/host-commands';
import { joinRoom, roomEntry } from './live/join';
import type { NetworkCheck } from './live/network-check';
import type { LiveRooms } from './live/live-rooms';
import type { RoomsQuery } from './read-models/rooms/query';
import type { TimelinesQuery } from './read-models/timelines/query';
import type { IceServersFor } from './turn/turn-credentials';

export interface MediaRouteDeps {
  store: EventStore;
  tokens: SessionTokens;
  liveTokens: LiveTokens;
  roomTokens: RoomTokens;
  iceServers: IceServersFor;
  networkCheck: NetworkCheck;
  liveRooms: LiveRooms;
  rooms: RoomsQuery;
  timelines: TimelinesQuery;
  now: () => Date;
}

/** The participant id and name events carry for a host command sent over HTTP (no socket, no name). */
export const httpHost = { participantId: 'host-http', name: 'An interviewer' } as const;

export function mediaRoutes(deps: MediaRouteDeps): Router {
  const { store, liveRooms, now } = deps;
  const router = Router();

  router.get(
    '/rooms/entry',
    route({}, async (_input, req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      return { body: await roomEntry({ store, now }, await liveClaimsOf(req, deps.liveTokens)) };
    }),
  );

  // the equipment test's probe connection (see live/network-check.ts)
  router.post(
    '/rooms/network-check',
    route({ body: networkCheckRequest }, async ({ body }, req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      return { body: await deps.networkCheck.probe(await liveClaimsOf(req, deps.liveTokens), body.sdp) };
    }),
  );

  router.post(
    '/rooms/join',
    route({ body: joinRoomRequest }, async ({ body }, req, res) => {
      // the answer carries a bearer token; a refusal must not be cached either
      res.setHeader('Cache-Control', 'no-store');
      const live = await liveClaimsOf(req, deps.liveTokens);
      const joined = await joinRoom(
        { store, roomTokens: deps.roomTokens, iceServers: deps.iceServers, hostCount: (roomId) => liveRooms.hostCount(roomId), now },
        live,
        body,
      );
      return { body: joined };
    }),
  );

  router.post(
    '/rooms/:roomId/commands',
    route({ params: roomIdParams, body: clientMessage }, async ({ params, body }, req) => {
      const live = await liveClaimsOf(req, deps.liveTokens);
      if (live.sub !== params.roomId) throw new NotFoundError('This interview room does not exist.');
      if (!isHostMessage(body)) {
        throw new ValidationError('Only host commands (admit, decline, mute, record, end) can be sent over HTTP.');
      }
      const outcome = await liveRooms.hostAction(
        params.roomId,
        { ...httpHost, organisationId: live.org, role: live.role, linkId: live.lid, grants: grantsFor[live.role] },
        body,
      );
      const position = outcome.position || (await store.readStream(outcome.streamId)).at(-1)?.position || 0;
      const result: CommandResult = {
        id: params.roomId,
        streamId: outcome.streamId,
        position,
        waitFor: consistencyToken(outcome.streamId, position),
      };
      return { body: result };
    }),
  );

  const recruiter = requireRecruiter(deps.tokens);
  router.get(
    '/rooms',
    recruiter,
    route({ query: listRoomsQuery }, async ({ query }, _req, res) => ({
      body: { rooms: await deps.rooms.list(recruiterOf(res).org, query.templateId) },
    })),
  );
  router.get(
    '/rooms/:roomId',
    recruiter,
    route({ params: roomIdParams }, async ({ params }, _req, res) => {
      const room = await deps.rooms.get(recruiterOf(res).org, params.roomId);
      if (!room) throw new NotFoundError('Room not found.');
      return { body: { room } };
    }),
  );
  router.get(
    '/rooms/:roomId/timeline',
    recruiter,
    route({ params: roomIdParams }, async ({ params }, _req, res) => {
      const timeline = await deps.timelines.get(recruiterOf(res).org, params.roomId);
      if (!timeline) throw new NotFoundError('Interview not found.');
      return { body: { timeline } };
    }),
  );
  router.get(
    '/held-interviews',
    recruiter,
    route({}, async (_input, _req, res) => ({
      body: { interviews: await deps.timelines.held(recruiterOf(res).org) },
    })),
  );
  return router;
}
