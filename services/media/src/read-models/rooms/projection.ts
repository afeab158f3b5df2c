// The rooms read model (`media_rooms`): one document per room, for the recruiter's view of a
// template's interviews (waiting, in progress, declined, ended, recording). Built only from the media
// service's own events, each validated against its contract before it is applied. Never used for a
// decision: joins and host actions read the room's write model.
import {
  roomEventNames as names,
  roomEventSchemas,
  topics,
  type RecordedEvent,
  type RoomStatus,
  type RoomView,
} from '@candor/contracts';
import type { Projection } from '@candor/runtime';
import { candidateParticipantId, type RoomEvent } from '../../room';

export type RoomDocument = RoomView & {
  _id: string;
  cancelledAt: string | null;
  /** the candidate's socket is open now (waiting or in the room) */
  candidateConnected: boolean;
};

type RoomRecordedEvent = RecordedEvent<RoomEvent['type']> & RoomEvent;

const decoders = Object.fromEntries(
  (Object.keys(names) as (keyof typeof names)[]).map((name) => [names[name], roomEventSchemas[name]]),
) as Record<RoomEvent['type'], (typeof roomEventSchemas)[keyof typeof roomEventSchemas]>;

function statusOf(doc: RoomDocument): RoomStatus {
  if (doc.cancelledAt) return 'cancelled';
  if (doc.endedAt) return 'ended';
  if (doc.admittedAt) return 'in_progress';
  return doc.candidateConnected ? 'waiting' : 'scheduled';
}

const next = (doc: RoomDocument, change: Partial<RoomDocument>, at: string): RoomDocument => {
  const changed = { ...doc, ...change, updatedAt: at > doc.updatedAt ? at : doc.updatedAt };
  return { ...changed, status: statusOf(changed) };
};

export const roomsProjection: Projection<RoomDocument, RoomRecordedEvent> = {
  name: 'media.rooms',
  collection: 'media_rooms',
  topics: [topics.media],
  decode(event) {
    const schema = decoders[event.type as RoomEvent['type']];
    if (!schema) return null;
    const data = schema.safeParse(event.data);
    return data.success ? ({ ...event, data: data.data } as RoomRecordedEvent) : null;
  },
  documentId: (event) => event.data.roomId,
  evolve(doc, event) {
    if (event.type === names.RoomPrepared) {
      if (doc) return doc;
      const { roomId, organisationId, templateId, candidateName, startsAt, at } = event.data;
      return {
        _id: roomId,
        id: roomId,
        organisationId,
        templateId,
        candidateName,
        startsAt,
        status: 'scheduled',
        recording: false,
        recordingConsentAt: null,
        admittedAt: null,
        declinedAt: null,
        endedAt: null,
        cancelledAt: null,
        candidateConnected: false,
        updatedAt: at,
      };
    }
    if (!doc) return doc;
    const { at } = event.data;
    switch (event.type) {
      case names.RoomRescheduled:
        return next(doc, { startsAt: event.data.startsAt }, at);
      case names.RoomCancelled:
        return next(doc, { cancelledAt: at, recording: false }, at);
      case names.RecordingConsentGiven:
        return next(doc, { recordingConsentAt: at }, at);
      case names.ParticipantJoined:
        return event.data.participantId === candidateParticipantId ? next(doc, { candidateConnected: true }, at) : doc;
      case names.ParticipantLeft:
        return event.data.participantId === candidateParticipantId ? next(doc, { candidateConnected: false }, at) : doc;
      case names.CandidateAdmitted:
        return next(doc, { admittedAt: at }, at);
      case names.RecordingStarted:
        return next(doc, { recording: true }, at);
      case names.RecordingStopped:
        return next(doc, { recording: false }, at);
      case names.InterviewEnded:
        return next(doc, { endedAt: at, recording: false }, at);
      case names.CandidateDeclined:
        return next(doc, { declinedAt: at }, at);
      case names.RoomLinksChanged:
      case names.ParticipantMuted:
        return doc;
    }
  },
};
