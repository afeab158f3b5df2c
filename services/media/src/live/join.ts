// Joining a room: a live token (from opening a link) becomes a room token, after the room's write
// model says this link may enter now. The candidate consents to recording first when the template
// says interviews may be recorded (recorded once, as an event, with the words agreed to). A link's
// page asks first whether it may enter (roomEntry): the same decision, with nothing minted.
import { randomBytes } from 'node:crypto';
import {
  apiPaths,
  grantsFor,
  recordingNotice,
  roomLimits,
  type JoinRoomRequest,
  type JoinRoomResponse,
  type RoomEntryResponse,
} from '@candor/contracts';
import { handleCommand, type EventStore, type LiveClaims, type RoomTokens } from '@candor/runtime';
import {
  candidateParticipantId,
  enterableRoom,
  loadRoom,
  refusals,
  roomDecider,
  roomStream,
  waitingRoomOpensAt,
} from '../room';
import type { IceServersFor } from '../turn/turn-credentials';

export interface JoinDeps {
  store: EventStore;
  roomTokens: RoomTokens;
  /** TURN credentials, minted with the room token and expiring with it */
  iceServers: IceServersFor;
  /** interviewers connected to the room now */
  hostCount(roomId: string): number;
  now: () => Date;
}

/** A fresh participant id for each interviewer who joins (the host link is shared by all of them). */
const newHostId = () => `host-${randomBytes(8).toString('hex')}`;

/**
 * Whether this link may enter the room now, decided as a join would be up to the point where the
 * person must say something (consent, a name): the page shows the refusal, or the waiting time.
 */
export async function roomEntry(
  deps: Pick<JoinDeps, 'store' | 'now'>,
  live: LiveClaims,
): Promise<RoomEntryResponse> {
  const room = enterableRoom(await loadRoom(deps.store, live.sub), {
    organisationId: live.org,
    role: live.role,
    linkId: live.lid,
  });
  const opensAt = waitingRoomOpensAt(room);
  const early = live.role === 'candidate' && deps.now() < opensAt;
  return { availability: early ? 'too-early' : 'open', opensAt: opensAt.toISOString() };
}

export async function joinRoom(deps: JoinDeps, live: LiveClaims, body: JoinRoomRequest): Promise<JoinRoomResponse> {
  const roomId = live.sub;
  const room = enterableRoom(await loadRoom(deps.store, roomId), {
    organisationId: live.org,
    role: live.role,
    linkId: live.lid,
  });
  const now = deps.now();
  let name: string;
  if (live.role === 'candidate') {
    if (now < waitingRoomOpensAt(room)) throw refusals.tooEarly(room.startsAt);
    if (room.recordable && body.recordingConsent !== true) throw refusals.consentRequired();
    if (room.recordable) {
      const at = now.toISOString();
      await handleCommand(
        deps.store,
        roomStream(roomId),
        roomDecider,
        {
          type: 'GiveRecordingConsent',
          roomId,
          organisationId: room.organisationId,
          linkId: live.lid,
          notice: recordingNotice,
          at,
        },
        { occurredAt: at, actorId: live.lid, organisationId: room.organisationId },
      );
    }
    name = room.candidateName;
  } else {
    if (!body.displayName) throw refusals.nameRequired();
    if (deps.hostCount(roomId) >= roomLimits.hosts) throw refusals.roomFull(roomLimits.hosts);
    name = body.displayName;
  }
  const participantId = live.role === 'candidate' ? candidateParticipantId : newHostId();
  const grants = grantsFor[live.role];
  const { token, expiresAt } = await deps.roomTokens.sign({
    sub: participantId,
    room: roomId,
    org: room.organisationId,
    role: live.role,
    lid: live.lid,
    name,
    grants,
  });
  return {
    roomId,
    participantId,
    role: live.role,
    grants,
    roomToken: token,
    expiresAt,
    signalPath: apiPaths.media.signal,
    iceServers: deps.iceServers({ roomId, participantId }, new Date(expiresAt)),
  };
}
