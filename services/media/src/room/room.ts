// The room aggregate: the live room of one scheduled interview (the room id is the live interview
// id). It is prepared from the invite service's events and holds what every join and every host
// action is decided against at the moment it happens: the current link ids, the schedule, whether
// the template allows recording, the candidate's consent, admission or refusal, the recording state,
// and whether the interview was cancelled or ended. Stream: `room-<roomId>`.
import { roomEventNames as names, type roomEventSchemas } from '@candor/contracts';
import type { z } from 'zod';

type Data<Name extends keyof typeof roomEventSchemas> = z.infer<(typeof roomEventSchemas)[Name]>;

export type RoomEvent = {
  [Name in keyof typeof names]: { type: (typeof names)[Name]; data: Data<Name> };
}[keyof typeof names];

export interface RoomFields {
  id: string;
  organisationId: string;
  templateId: string;
  templateName: string;
  candidateName: string;
  startsAt: string;
  durationMinutes: number;
  recordable: boolean;
  /** the working links; null while revoked */
  candidateLinkId: string | null;
  hostLinkId: string | null;
  /** every link id the room has had: link ids are random and never come back */
  linkIds: string[];
  /** `at` of the invite event that last set the schedule (tells a replayed reschedule from news) */
  scheduledAt: string;
  consentAt: string | null;
  admittedAt: string | null;
  declinedAt: string | null;
  recording: boolean;
  cancelledAt: string | null;
  /** why it was cancelled: by the recruiter, or the candidate declined */
  cancelledBecause: 'cancelled' | 'candidate-declined' | null;
  endedAt: string | null;
}

export type Room = { status: 'none' } | ({ status: 'prepared' } & RoomFields);
export type PreparedRoom = Extract<Room, { status: 'prepared' }>;

export const initialState = (): Room => ({ status: 'none' });

const withLinks = (room: PreparedRoom, candidateLinkId: string | null, hostLinkId: string | null): PreparedRoom => ({
  ...room,
  candidateLinkId,
  hostLinkId,
  linkIds: [...new Set([...room.linkIds, candidateLinkId, hostLinkId].filter((id): id is string => id !== null))],
});

export function evolve(state: Room, event: RoomEvent): Room {
  if (event.type === names.RoomPrepared) {
    const { roomId, at, candidateLinkId, hostLinkId, ...fields } = event.data;
    const room: PreparedRoom = {
      status: 'prepared',
      id: roomId,
      ...fields,
      candidateLinkId: null,
      hostLinkId: null,
      linkIds: [],
      scheduledAt: at,
      consentAt: null,
      admittedAt: null,
      declinedAt: null,
      recording: false,
      cancelledAt: null,
      cancelledBecause: null,
      endedAt: null,
    };
    return withLinks(room, candidateLinkId, hostLinkId);
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case names.RoomRescheduled:
      return { ...state, startsAt: event.data.startsAt, scheduledAt: event.data.at };
    case names.RoomLinksChanged:
      return withLinks(state, event.data.candidateLinkId, event.data.hostLinkId);
    case names.RoomCancelled:
      return { ...state, cancelledAt: event.data.at, cancelledBecause: event.data.reason ?? 'cancelled', recording: false };
    case names.RecordingConsentGiven:
      return { ...state, consentAt: event.data.at };
    case names.CandidateAdmitted:
      return { ...state, admittedAt: event.data.at };
    case names.CandidateDeclined:
      return { ...state, declinedAt: event.data.at };
    case names.RecordingStarted:
      return { ...state, recording: true };
    case names.RecordingStopped:
      return { ...state, recording: false };
    case names.InterviewEnded:
      return { ...state, endedAt: event.data.at, recording: false };
    case names.ParticipantJoined:
    case names.ParticipantLeft:
    case names.ParticipantMuted:
      // audit only: who is connected is the live runtime's business, not the write model's
      return state;
  }
}

export const roomStream = (roomId: string) => `room-${roomId}`;

/** The participant id of the (one) candidate; hosts get a fresh random id per join. */
export const candidateParticipantId = 'candidate';
