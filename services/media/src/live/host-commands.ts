// The host commands a client may send (over the socket, or over HTTP as a fallback), the grant each
// needs, and the room command each becomes. Pure.
import type { ClientMessage } from '@candor/contracts';
import type { Grant, RoomActor, RoomCommand } from '../room';

export type HostMessage = Extract<ClientMessage, { type: 'admit' | 'decline' | 'mute' | 'record' | 'end' }>;

export const grantFor = {
  admit: 'admit',
  decline: 'admit',
  mute: 'mute',
  record: 'record',
  end: 'end',
} as const satisfies Record<HostMessage['type'], Grant>;

export const isHostMessage = (message: ClientMessage): message is HostMessage => message.type in grantFor;

export function roomCommandFor(message: HostMessage, roomId: string, actor: RoomActor, at: string): RoomCommand {
  const byHost = { roomId, actor, at };
  switch (message.type) {
    case 'admit':
      return { type: 'AdmitCandidate', ...byHost };
    case 'decline':
      return { type: 'DeclineCandidate', ...byHost };
    case 'mute':
      return { type: 'MuteParticipant', participantId: message.participantId, ...byHost };
    case 'record':
      return { type: message.on ? 'StartRecording' : 'StopRecording', ...byHost };
    case 'end':
      return { type: 'EndInterview', ...byHost };
    default: {
      const _exhaustive: never = message;
      throw new Error(`unknown host command ${JSON.stringify(_exhaustive)}`);
    }
  }
}
