// A participant of a live room as the runtime holds it: who they are (the verified room token),
// where they are (waiting or in the room), and the channel messages reach them through (a WebSocket
// in production, a recorder in unit tests).
import type { RoomGrants, RoomParticipant, RoomSnapshot, ServerMessage } from '@candor/contracts';
import type { RoomActor } from '../room';

export interface ParticipantChannel {
  send(message: ServerMessage): void;
  /** Closes the connection; the runtime hears of it through `leave` like any other close. */
  close(code: number, reason: string): void;
}

export interface LiveParticipant extends RoomActor {
  grants: RoomGrants;
  channel: ParticipantChannel;
  state: 'waiting' | 'in-room';
  audioMuted: boolean;
  /** when the candidate started waiting (kept across a reconnect within the grace period) */
  since: string;
  /** SHA-256 of the `resume` secret sent in this connection's welcome (the secret is never kept) */
  resumeHash: string;
}

export interface WaitingEntry {
  id: string;
  name: string;
  since: string;
}

/** What one participant may see of the room: a waiting candidate sees nobody; only hosts see who waits. */
export function snapshotFor(
  viewer: Pick<LiveParticipant, 'role' | 'state'>,
  participants: Iterable<LiveParticipant>,
  recording: boolean,
): RoomSnapshot {
  if (viewer.state === 'waiting') return { participants: [], waiting: [], recording };
  const all = [...participants];
  const inRoom: RoomParticipant[] = all
    .filter((participant) => participant.state === 'in-room')
    .map(({ participantId, name, role, audioMuted }) => ({ id: participantId, name, role, audioMuted }));
  const waiting: WaitingEntry[] =
    viewer.role === 'host'
      ? all
          .filter((participant) => participant.state === 'waiting')
          .map(({ participantId, name, since }) => ({ id: participantId, name, since }))
      : [];
  return { participants: inRoom, waiting, recording };
}
