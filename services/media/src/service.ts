// The media service as a factory: live rooms of scheduled interviews (prepared by the
// `media.live-interviews` policy from the invite service's events), the join endpoint that turns a
// live token into a room token, the signalling WebSocket and the live room runtime on the SFU, the
// host commands over HTTP, and the recruiter's read models (rooms; timelines of the interviews). The SFU engine is passed in (the
// composition picks it and closes it); `attach` hooks the signalling onto the HTTP server.
import type { Server } from 'node:http';
import { Router } from 'express';
import { apiPaths, topics } from '@candor/contracts';
import type {
  DocumentStore,
  EventStore,
  LiveTokens,
  Logger,
  Policy,
  Projection,
  RoomTokens,
  ServiceTokens,
  SessionTokens,
} from '@candor/runtime';
import { internalRoutes } from './internal-routes';
import { createLiveRooms, type LiveRooms } from './live/live-rooms';
import { createNetworkCheck } from './live/network-check';
import { createSignalServer } from './live/signal-server';
import { createUsedTokens } from './live/used-tokens';
import { liveInterviewsPolicy } from './policies/live-interviews-policy';
import { roomsProjection } from './read-models/rooms/projection';
import { roomsQuery } from './read-models/rooms/query';
import { timelinesProjection } from './read-models/timelines/projection';
import { timelinesQuery } from './read-models/timelines/query';
import { mediaRoutes } from './routes';
import type { SfuEngine } from './sfu/types';
import { iceServersFor, type TurnRelay } from './turn/turn-credentials';

export const mediaService = {
  name: 'media',
  schema: 'media',
  topic: topics.media,
  mountPath: '/api/media',
} as const;

/** The read models this service keeps; the composition runs one projection runner per entry. */
export const mediaProjections: Projection<any, any>[] = [roomsProjection, timelinesProjection];

export interface MediaServiceDeps {
  store: EventStore;
  documents: DocumentStore;
  tokens: SessionTokens;
  liveTokens: LiveTokens;
  roomTokens: RoomTokens;
  /** verifies the tokens of other services calling the internal API (the recording service) */
  serviceTokens: ServiceTokens;
  engine: SfuEngine;
  /** the deployment's TURN relay (its URLs and shared secret), if it runs one */
  turn?: TurnRelay;
  logger: Logger;
  now?: () => Date;
  /** how long a waiting candidate who disconnected keeps their place (default 2 minutes) */
  waitingGraceMs?: number;
  /** how long a new socket has to say hello (default 5 s) */
  helloTimeoutMs?: number;
  /** ping interval; a socket that missed one pong is ended (default 10 s) */
  heartbeatMs?: number;
}

export interface MediaService {
  router: Router;
  /** `media.live-interviews`: prepares, moves, re-links and cancels rooms from the invite events */
  policies: Policy[];
  liveRooms: LiveRooms;
  /** Takes the signalling WebSocket upgrades of this HTTP server. */
  attach(server: Server): void;
  /** Disconnects everyone and closes every live room (the engine is the composition's to close). */
  close(): Promise<void>;
}

export function createMediaService(deps: MediaServiceDeps): MediaService {
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger.child({ service: mediaService.name });
  const iceServers = iceServersFor(deps.turn, now);
  const liveRooms = createLiveRooms({
    store: deps.store,
    engine: deps.engine,
    iceServers,
    logger,
    now,
    waitingGraceMs: deps.waitingGraceMs,
  });
  const signal = createSignalServer({
    path: apiPaths.media.signal,
    roomTokens: deps.roomTokens,
    liveRooms,
    // a room token lives 60 s: a spent one is remembered twice as long
    usedTokens: createUsedTokens({ keepMs: 120_000 }),
    logger,
    helloTimeoutMs: deps.helloTimeoutMs,
    heartbeatMs: deps.heartbeatMs,
  });
  const networkCheck = createNetworkCheck({ store: deps.store, engine: deps.engine, iceServers, logger });
  const router = mediaRoutes({
    store: deps.store,
    tokens: deps.tokens,
    liveTokens: deps.liveTokens,
    roomTokens: deps.roomTokens,
    iceServers,
    networkCheck,
    liveRooms,
    rooms: roomsQuery(deps.documents),
    timelines: timelinesQuery(deps.documents),
    now,
  });
  router.use(internalRoutes({ serviceTokens: deps.serviceTokens, liveRooms }));
  let closing: Promise<void> | undefined;
  return {
    router,
    policies: [
      liveInterviewsPolicy({
        store: deps.store,
        logger,
        onCancelled: (roomId, because) => liveRooms.cancel(roomId, because),
        onLinksChanged: (roomId) => liveRooms.linksChanged(roomId),
      }),
    ],
    liveRooms,
    attach: (server) => signal.attach(server),
    close() {
      closing ??= (async () => {
        await liveRooms.closeAll();
        await networkCheck.close();
        await signal.close();
      })();
      return closing;
    },
  };
}
