// Commands on an interview's recordings. Pure: times, ids and the media event each note comes from
// arrive in the command. Notes of media events are idempotent by the media event id (delivery is at
// least once; the embedded mode replays history at every start). The candidate is only ever part of
// a segment with their consent on record — the media room already refuses a candidate without it
// when the interview may be recorded; this is the second lock on the same door.
import { recordingEventNames as types, type RecordingConsent, type RecordingParticipant } from '@candor/contracts';
import { ConflictError, NotFoundError } from '@candor/runtime';
import {
  inMedia,
  openSegment,
  type InterviewRecordings,
  type RecordingEvent,
  type Track,
} from './interview-recordings';

interface OfRoom {
  roomId: string;
  organisationId: string;
  at: string;
}
interface FromMedia extends OfRoom {
  mediaEventId: string;
}

export type RecordingCommand =
  | ({ type: 'NoteConsent'; consent: RecordingConsent } & FromMedia)
  | ({ type: 'NoteParticipantJoined'; participant: RecordingParticipant } & FromMedia)
  | ({ type: 'NoteCandidateAdmitted' } & FromMedia)
  | ({ type: 'NoteParticipantLeft'; participantId: string } & FromMedia)
  | ({ type: 'StartSegment'; segmentId: string; by: string; byName: string } & FromMedia)
  | ({ type: 'CloseSegment'; mediaEventId: string | null; interrupted: boolean } & OfRoom)
  | ({
      type: 'MarkReady';
      segmentId: string;
      key: string;
      contentType: string;
      sizeBytes: number;
      /** the composite's measured duration; null: the segment's own (start to close) */
      durationMs: number | null;
      tracks: Track[];
    } & OfRoom)
  | ({ type: 'MarkFailed'; segmentId: string; reason: string } & OfRoom)
  | ({ type: 'DeleteRecording'; segmentId: string; by: string; reason: 'recruiter' | 'retention' } & OfRoom);

type Command<Type extends RecordingCommand['type']> = Extract<RecordingCommand, { type: Type }>;

const ofRoom = ({ roomId, organisationId }: OfRoom) => ({ roomId, organisationId });

/** Who a segment records: the media in the room, the candidate only with consent on record. */
function recordable(state: InterviewRecordings): RecordingParticipant[] {
  return inMedia(state).filter((p) => p.role !== 'candidate' || state.consent !== null);
}

function noteConsent(command: Command<'NoteConsent'>): RecordingEvent[] {
  const { mediaEventId, consent } = command;
  return [{ type: types.RecordingConsentNoted, data: { ...ofRoom(command), mediaEventId, consent } }];
}

function noteParticipantJoined(
  command: Command<'NoteParticipantJoined'>,
  state: InterviewRecordings,
): RecordingEvent[] {
  const { mediaEventId, participant, at } = command;
  const events: RecordingEvent[] = [
    { type: types.RecordingParticipantJoined, data: { ...ofRoom(command), mediaEventId, participant, at } },
  ];
  const after = { ...state, joined: [...state.joined, participant] };
  const open = openSegment(state);
  const joinsMedia = recordable(after).some((p) => p.participantId === participant.participantId);
  if (open && joinsMedia && !open.participants.some((p) => p.participantId === participant.participantId)) {
    const segmentId = open.id;
    events.push({
      type: types.RecordingSegmentParticipantAdded,
      data: { ...ofRoom(command), mediaEventId, segmentId, participant, at },
    });
  }
  return events;
}

function noteCandidateAdmitted(
  command: Command<'NoteCandidateAdmitted'>,
  state: InterviewRecordings,
): RecordingEvent[] {
  const { mediaEventId, at } = command;
  const events: RecordingEvent[] = [
    { type: types.RecordingCandidateAdmitted, data: { ...ofRoom(command), mediaEventId, at } },
  ];
  const open = openSegment(state);
  const candidate = recordable({ ...state, candidateAdmitted: true }).find((p) => p.role === 'candidate');
  if (open && candidate && !open.participants.some((p) => p.participantId === candidate.participantId)) {
    const data = { ...ofRoom(command), mediaEventId, segmentId: open.id, participant: candidate, at };
    events.push({ type: types.RecordingSegmentParticipantAdded, data });
  }
  return events;
}

function noteParticipantLeft(command: Command<'NoteParticipantLeft'>, state: InterviewRecordings): RecordingEvent[] {
  if (!state.joined.some((p) => p.participantId === command.participantId)) return [];
  const { mediaEventId, participantId, at } = command;
  return [{ type: types.RecordingParticipantLeft, data: { ...ofRoom(command), mediaEventId, participantId, at } }];
}

function startSegment(command: Command<'StartSegment'>, state: InterviewRecordings): RecordingEvent[] {
  // the room says recording is on while a segment is open: the same start again changes nothing
  if (openSegment(state)) return [];
  const { mediaEventId, segmentId, by, byName, at } = command;
  const index = state.segments.length + 1;
  const participants = recordable(state);
  const data = {
    ...ofRoom(command),
    mediaEventId,
    segmentId,
    index,
    startedBy: by,
    startedByName: byName,
    participants,
    consent: state.consent,
    at,
  };
  return [{ type: types.RecordingSegmentStarted, data }];
}

function closeSegment(command: Command<'CloseSegment'>, state: InterviewRecordings): RecordingEvent[] {
  const open = openSegment(state);
  if (!open) return [];
  const { mediaEventId, interrupted, at } = command;
  const durationMs = Math.max(0, Date.parse(at) - Date.parse(open.startedAt));
  return [
    {
      type: types.RecordingSegmentClosed,
      data: { ...ofRoom(command), segmentId: open.id, mediaEventId, durationMs, interrupted, at },
    },
  ];
}

function segmentOf(state: InterviewRecordings, segmentId: string) {
  const segment = state.segments.find((candidate) => candidate.id === segmentId);
  if (!segment) throw new NotFoundError('Recording not found.');
  return segment;
}

function markReady(command: Command<'MarkReady'>, state: InterviewRecordings): RecordingEvent[] {
  const segment = segmentOf(state, command.segmentId);
  // ready twice is the same job finishing again; a deleted segment stays deleted (the job removes its upload)
  if (segment.status !== 'processing' && segment.status !== 'failed') return [];
  const { segmentId, key, contentType, sizeBytes, tracks, at } = command;
  const durationMs = command.durationMs ?? segment.durationMs ?? 0;
  return [
    {
      type: types.RecordingReady,
      data: { ...ofRoom(command), segmentId, key, contentType, sizeBytes, durationMs, tracks, at },
    },
  ];
}

function markFailed(command: Command<'MarkFailed'>, state: InterviewRecordings): RecordingEvent[] {
  const segment = segmentOf(state, command.segmentId);
  if (segment.status !== 'processing') return [];
  const { segmentId, reason, at } = command;
  return [{ type: types.RecordingFailed, data: { ...ofRoom(command), segmentId, reason: reason.slice(0, 500), at } }];
}

function deleteRecording(command: Command<'DeleteRecording'>, state: InterviewRecordings): RecordingEvent[] {
  const segment = segmentOf(state, command.segmentId);
  if (segment.status === 'deleted') return [];
  if (segment.status === 'recording') throw new ConflictError('This recording is still running; stop recording first.');
  const { segmentId, by, reason, at } = command;
  return [{ type: types.RecordingDeleted, data: { ...ofRoom(command), segmentId, by, reason, at } }];
}

export function decide(command: RecordingCommand, state: InterviewRecordings): RecordingEvent[] {
  if (state.organisationId !== null && state.organisationId !== command.organisationId) {
    // a room belongs to one organisation; another's command must not learn it exists
    throw new NotFoundError('Recording not found.');
  }
  if ('mediaEventId' in command && command.mediaEventId && state.mediaEventIds.has(command.mediaEventId)) return [];
  switch (command.type) {
    case 'NoteConsent':
      return noteConsent(command);
    case 'NoteParticipantJoined':
      return noteParticipantJoined(command, state);
    case 'NoteCandidateAdmitted':
      return noteCandidateAdmitted(command, state);
    case 'NoteParticipantLeft':
      return noteParticipantLeft(command, state);
    case 'StartSegment':
      return startSegment(command, state);
    case 'CloseSegment':
      return closeSegment(command, state);
    case 'MarkReady':
      return markReady(command, state);
    case 'MarkFailed':
      return markFailed(command, state);
    case 'DeleteRecording':
      return deleteRecording(command, state);
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}
