// Commands on a room. Pure: time, ids and the actor's verified claims arrive in the command. The
// invite service's changes (prepare, reschedule, links, cancel) are idempotent, since its events are
// delivered at least once and replayed at every embedded start; host actions check the grant, the
// room's state and the actor's link at the moment of the action.
import { roomEventNames as names, type LiveRole } from '@candor/contracts';
import { hostActionRoom, refusals, type RoomActor } from './access';
import type { PreparedRoom, Room, RoomEvent } from './room';

interface OfRoom {
  roomId: string;
  organisationId: string;
  at: string;
}
interface ByHost {
  roomId: string;
  actor: RoomActor;
  at: string;
}

export type RoomCommand =
  | ({
      type: 'PrepareRoom';
      templateId: string;
      templateName: string;
      candidateName: string;
      startsAt: string;
      durationMinutes: number;
      recordable: boolean;
      candidateLinkId: string | null;
      hostLinkId: string | null;
    } & OfRoom)
  | ({ type: 'RescheduleRoom'; startsAt: string } & OfRoom)
  | ({
      type: 'ChangeRoomLinks';
      role: LiveRole;
      /** the role's new link, or null when `previousLinkId` was revoked */
      linkId: string | null;
      previousLinkId: string | null;
    } & OfRoom)
  | ({ type: 'CancelRoom'; reason: 'cancelled' | 'candidate-declined' } & OfRoom)
  | ({ type: 'GiveRecordingConsent'; linkId: string; notice: string } & OfRoom)
  | ({ type: 'AdmitCandidate' } & ByHost)
  | ({ type: 'DeclineCandidate' } & ByHost)
  | ({ type: 'MuteParticipant'; participantId: string } & ByHost)
  | ({ type: 'StartRecording' } & ByHost)
  | ({ type: 'StopRecording' } & ByHost)
  | ({ type: 'EndInterview' } & ByHost)
  | ({ type: 'RecordParticipantJoined'; participantId: string; name: string; role: LiveRole } & OfRoom)
  | ({ type: 'RecordParticipantLeft'; participantId: string } & OfRoom);

type Command<Type extends RoomCommand['type']> = Extract<RoomCommand, { type: Type }>;

/** The room of this organisation, still open (neither cancelled nor ended). */
function openRoom(state: Room, organisationId: string): PreparedRoom {
  if (state.status === 'none' || state.organisationId !== organisationId) throw refusals.notFound();
  if (state.cancelledAt) throw refusals.cancelledRoom(state);
  if (state.endedAt) throw refusals.ended();
  return state;
}

export function prepareRoom(command: Command<'PrepareRoom'>, state: Room): RoomEvent[] {
  // the policy runs at least once per scheduled interview: the first wins
  if (state.status !== 'none') return [];
  const { type: _type, ...data } = command;
  return [{ type: names.RoomPrepared, data }];
}

export function rescheduleRoom(command: Command<'RescheduleRoom'>, state: Room): RoomEvent[] {
  const room = openRoom(state, command.organisationId);
  // a replayed older reschedule is recognised by its time; the same start again is no news
  if (command.at < room.scheduledAt || command.startsAt === room.startsAt) return [];
  const { roomId, organisationId, startsAt, at } = command;
  return [{ type: names.RoomRescheduled, data: { roomId, organisationId, startsAt, at } }];
}

export function changeRoomLinks(command: Command<'ChangeRoomLinks'>, state: Room): RoomEvent[] {
  const room = openRoom(state, command.organisationId);
  const current = command.role === 'candidate' ? room.candidateLinkId : room.hostLinkId;
  // Link ids are never reused, so a replayed event is recognised by its ids alone: a re-issued link
  // the room has had is old news, and so is a revoke of a link it no longer has.
  const news = command.linkId === null ? current === command.previousLinkId : !room.linkIds.includes(command.linkId);
  if (!news) return [];
  const { roomId, organisationId, at } = command;
  const candidateLinkId = command.role === 'candidate' ? command.linkId : room.candidateLinkId;
  const hostLinkId = command.role === 'host' ? command.linkId : room.hostLinkId;
  return [{ type: names.RoomLinksChanged, data: { roomId, organisationId, candidateLinkId, hostLinkId, at } }];
}

export function cancelRoom(command: Command<'CancelRoom'>, state: Room): RoomEvent[] {
  if (state.status === 'prepared' && state.cancelledAt) return [];
  openRoom(state, command.organisationId);
  const { roomId, organisationId, reason, at } = command;
  return [{ type: names.RoomCancelled, data: { roomId, organisationId, reason, at } }];
}

export function giveRecordingConsent(command: Command<'GiveRecordingConsent'>, state: Room): RoomEvent[] {
  const room = openRoom(state, command.organisationId);
  if (!room.recordable) throw refusals.conflict('This interview is not recorded; there is nothing to consent to.');
  if (room.consentAt) return [];
  const { roomId, organisationId, linkId, notice, at } = command;
  return [{ type: names.RecordingConsentGiven, data: { roomId, organisationId, linkId, notice, at } }];
}

const byHost = (room: PreparedRoom, command: ByHost) => ({
  roomId: room.id,
  organisationId: room.organisationId,
  by: command.actor.participantId,
  byName: command.actor.name,
  at: command.at,
});

export function admitCandidate(command: Command<'AdmitCandidate'>, state: Room): RoomEvent[] {
  const room = hostActionRoom(state, command.actor, 'admit');
  if (room.declinedAt) throw refusals.conflict('This candidate was declined and cannot be admitted.');
  // two hosts clicking "admit" at once both succeed; the candidate is admitted once
  if (room.admittedAt) return [];
  return [{ type: names.CandidateAdmitted, data: byHost(room, command) }];
}

export function declineCandidate(command: Command<'DeclineCandidate'>, state: Room): RoomEvent[] {
  const room = hostActionRoom(state, command.actor, 'admit');
  if (room.admittedAt) throw refusals.conflict('The candidate is already in the interview; end it instead.');
  if (room.declinedAt) return [];
  return [{ type: names.CandidateDeclined, data: byHost(room, command) }];
}

export function muteParticipant(command: Command<'MuteParticipant'>, state: Room): RoomEvent[] {
  const room = hostActionRoom(state, command.actor, 'mute');
  return [{ type: names.ParticipantMuted, data: { ...byHost(room, command), participantId: command.participantId } }];
}

export function startRecording(command: Command<'StartRecording'>, state: Room): RoomEvent[] {
  const room = hostActionRoom(state, command.actor, 'record');
  if (!room.recordable) throw refusals.conflict('This interview\u2019s template does not allow recording.');
  if (room.recording) throw refusals.conflict('The interview is already being recorded.');
  return [{ type: names.RecordingStarted, data: byHost(room, command) }];
}

export function stopRecording(command: Command<'StopRecording'>, state: Room): RoomEvent[] {
  const room = hostActionRoom(state, command.actor, 'record');
  if (!room.recordable) throw refusals.conflict('This interview\u2019s template does not allow recording.');
  if (!room.recording) throw refusals.conflict('The interview is not being recorded.');
  return [{ type: names.RecordingStopped, data: byHost(room, command) }];
}

export function endInterview(command: Command<'EndInterview'>, state: Room): RoomEvent[] {
  const room = hostActionRoom(state, command.actor, 'end');
  return [{ type: names.InterviewEnded, data: byHost(room, command) }];
}

export function recordParticipantJoined(command: Command<'RecordParticipantJoined'>, state: Room): RoomEvent[] {
  openRoom(state, command.organisationId);
  const { roomId, organisationId, participantId, name, role, at } = command;
  return [{ type: names.ParticipantJoined, data: { roomId, organisationId, participantId, name, role, at } }];
}

export function recordParticipantLeft(command: Command<'RecordParticipantLeft'>, state: Room): RoomEvent[] {
  openRoom(state, command.organisationId);
  const { roomId, organisationId, participantId, at } = command;
  return [{ type: names.ParticipantLeft, data: { roomId, organisationId, participantId, at } }];
}

export function decide(command: RoomCommand, state: Room): RoomEvent[] {
  switch (command.type) {
    case 'PrepareRoom':
      return prepareRoom(command, state);
    case 'RescheduleRoom':
      return rescheduleRoom(command, state);
    case 'ChangeRoomLinks':
      return changeRoomLinks(command, state);
    case 'CancelRoom':
      return cancelRoom(command, state);
    case 'GiveRecordingConsent':
      return giveRecordingConsent(command, state);
    case 'AdmitCandidate':
      return admitCandidate(command, state);
    case 'DeclineCandidate':
      return declineCandidate(command, state);
    case 'MuteParticipant':
      return muteParticipant(command, state);
    case 'StartRecording':
      return startRecording(command, state);
    case 'StopRecording':
      return stopRecording(command, state);
    case 'EndInterview':
      return endInterview(command, state);
    case 'RecordParticipantJoined':
      return recordParticipantJoined(command, state);
    case 'RecordParticipantLeft':
      return recordParticipantLeft(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown room command ${JSON.stringify(_exhaustive)}`);
    }
  }
}
