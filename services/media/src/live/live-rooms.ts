// The live rooms of this process, by room id: a room exists while someone is connected (or a
// waiting place is kept for a candidate who may come back), and is forgotten when it goes idle,
// ends or is cancelled. The signalling server, the HTTP host commands and the cancel policy all
// reach a room through here, so each room has exactly one runtime.
//
// The policy tells this process's room at once when its links change. In a deployment with several
// media replicas only one of them runs the policy for an event, so every room with someone in it
// also re-reads its write model on a timer (`revalidateEveryMs`, 5 s): the others remove a withdrawn
// participant within that, and at their next publish or answer at the latest.
import { signalCloseCodes, type RoomTokenClaims } from '@candor/contracts';
import type { EventStore, Logger } from '@candor/runtime';
import { NotFoundError } from '@candor/runtime';
import { loadRoom, recordingRoom, refusals, type RoomActor } from '../room';
import type { RecorderFeedTarget, SfuEngine } from '../sfu/types';
import type { HostMessage } from './host-commands';
import { LiveRoom, type HostActionResult } from './live-room';
import type { ParticipantChannel } from './participant';
import type { IceServersFor } from '../turn/turn-credentials';

export interface LiveRooms {
  /** Lets a verified room token in; null when refused (the channel was closed with the reason). */
  enter(claims: RoomTokenClaims, channel: ParticipantChannel, resume?: string): Promise<LiveConnection | null>;
  hostAction(roomId: string, actor: RoomActor, message: HostMessage): Promise<HostActionResult>;
  hostCount(roomId: string): number;
  /** The interview was cancelled: everyone is disconnected. */
  /** The room was cancelled (by the recruiter, or the candidate declined): everyone is told why and removed. */
  cancel(roomId: string, because?: 'cancelled' | 'candidate-declined'): Promise<void>;
  /** The room's links changed: whoever came through a withdrawn link is removed now. */
  linksChanged(roomId: string): Promise<void>;
  room(roomId: string): LiveRoom | undefined;
  /** A recorder feed of a participant in the room (see LiveRoom.startRecorderFeed). */
  startRecorderFeed(roomId: string, participantId: string, target: RecorderFeedTarget): Promise<{ feedId: string }>;
  stopRecorderFeed(roomId: string, feedId: string): Promise<void>;
  publishers(roomId: string): ReturnType<LiveRoom['publishers']>;
  /** The rooms this process holds a runtime for, and everyone connected to them (for /metrics). */
  census(): { rooms: number; participants: LiveRoom['connected'] };
  /** The service stops: every room closes (participants may reconnect to another instance). */
  closeAll(): Promise<void>;
}

export interface LiveConnection {
  receive(message: Parameters<LiveRoom['receive']>[2]): Promise<void>;
  leave(): Promise<void>;
}

export function createLiveRooms(deps: {
  store: EventStore;
  engine: SfuEngine;
  /** TURN credentials for each participant's next connections */
  iceServers?: IceServersFor;
  logger: Logger;
  now: () => Date;
  /** how long a waiting candidate who disconnected keeps their place (default 2 minutes) */
  waitingGraceMs?: number;
  /** how often each open room re-reads its write model for withdrawn links (default 5 s) */
  revalidateEveryMs?: number;
}): LiveRooms {
  const rooms = new Map<string, LiveRoom>();
  const sweep = setInterval(() => {
    for (const room of rooms.values()) {
      room.revalidate().catch((error: unknown) =>
        deps.logger.warn({ err: error, roomId: room.id }, 'could not re-check a room against its write model'),
      );
    }
  }, deps.revalidateEveryMs ?? 5_000);
  sweep.unref();
  const roomFor = (roomId: string): LiveRoom => {
    const existing = rooms.get(roomId);
    if (existing) return existing;
    const room = new LiveRoom({
      roomId,
      store: deps.store,
      engine: deps.engine,
      iceServers: deps.iceServers ?? (() => []),
      logger: deps.logger,
      now: deps.now,
      waitingGraceMs: deps.waitingGraceMs ?? 120_000,
      onIdle: (idle) => {
        if (rooms.get(roomId) === idle) rooms.delete(roomId);
      },
    });
    rooms.set(roomId, room);
    return room;
  };

  return {
    async enter(claims, channel, resume) {
      const room = roomFor(claims.room);
      if (!(await room.enter(claims, channel, resume))) return null;
      return {
        receive: (message) => room.receive(claims.sub, channel, message),
        leave: () => room.leave(claims.sub, channel),
      };
    },
    hostAction: (roomId, actor, message) => roomFor(roomId).hostAction(actor, message),
    hostCount: (roomId) => rooms.get(roomId)?.hostCount ?? 0,
    async cancel(roomId, because = 'cancelled') {
      const refusal = refusals.cancelledRoom({ cancelledBecause: because });
      await rooms
        .get(roomId)
        ?.close(
          { type: 'error', code: refusal.type ?? 'interview-cancelled', message: refusal.detail },
          signalCloseCodes.linkWithdrawn,
          refusal.type ?? 'interview-cancelled',
        );
    },
    async linksChanged(roomId) {
      await rooms.get(roomId)?.revalidate();
    },
    room: (roomId) => rooms.get(roomId),
    async startRecorderFeed(roomId, participantId, target) {
      const room = rooms.get(roomId);
      if (room) return room.startRecorderFeed(participantId, target);
      // nobody connected here: the same refusals, without creating a runtime for the room
      recordingRoom(await loadRoom(deps.store, roomId));
      throw new NotFoundError('That participant is not in this room.');
    },
    stopRecorderFeed: async (roomId, feedId) => rooms.get(roomId)?.stopRecorderFeed(feedId),
    publishers: (roomId) => rooms.get(roomId)?.publishers() ?? [],
    census: () => ({ rooms: rooms.size, participants: [...rooms.values()].flatMap((room) => room.connected) }),
    async closeAll() {
      clearInterval(sweep);
      await Promise.all(
        [...rooms.values()].map((room) =>
          room.close(
            { type: 'error', code: 'service-restarting', message: 'The media service is restarting; reconnect.' },
            1012,
            'service-restart',
          ),
        ),
      );
    },
  };
}
