// The interview-recordings aggregate: everything the recording service knows about one live
// interview's room — the candidate's consent, who is in the room's media now, and the segments (each
// start→stop of recording). Stream: `recordings-<roomId>`.
//
// Why one stream per interview rather than one per segment: what arrives is the room's sequence of
// events (consent, joins, leaves, start, stop, end), and the rules span segments — at most one is open,
// a segment starts with whoever is present and the consent already given, a join during a segment
// adds to that segment. Keeping them in one stream makes each rule one decision over one state, and
// idempotency one set of media event ids. Segments stay the unit of everything after: their own id,
// status, files, deletion. The background job and the recruiter write to the same stream, but seldom
// at the same moment; `handleCommand` retries the rare conflict.
import {
  recordingEventNames as types,
  type RecordingConsent,
  type RecordingParticipant,
  type RecordingStatus,
  type recordingEventSchemas,
} from '@candor/contracts';
import type { z } from 'zod';

type Data<Name extends keyof typeof recordingEventSchemas> = z.infer<(typeof recordingEventSchemas)[Name]>;
type EventOf<Name extends keyof typeof types> = { type: (typeof types)[Name]; data: Data<Name> };

export type RecordingEvent = { [Name in keyof typeof types]: EventOf<Name> }[keyof typeof types];

export type Track = Data<'RecordingReady'>['tracks'][number];

export interface Segment {
  id: string;
  index: number;
  status: RecordingStatus;
  startedAt: string;
  startedBy: string;
  startedByName: string;
  endedAt: string | null;
  durationMs: number | null;
  interrupted: boolean;
  participants: RecordingParticipant[];
  consent: RecordingConsent | null;
  /** the composite's storage key once ready */
  key: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  tracks: Track[];
  failure: string | null;
  deletedAt: string | null;
}

export interface InterviewRecordings {
  /** null until the first event */
  roomId: string | null;
  organisationId: string | null;
  consent: RecordingConsent | null;
  /** who is connected to the room now (a candidate may be waiting) */
  joined: RecordingParticipant[];
  candidateAdmitted: boolean;
  segments: Segment[];
  /** the media events already acted on: a redelivered one decides nothing */
  mediaEventIds: Set<string>;
}

export const recordingsStream = (roomId: string) => `recordings-${roomId}`;

export const initialState = (): InterviewRecordings => ({
  roomId: null,
  organisationId: null,
  consent: null,
  joined: [],
  candidateAdmitted: false,
  segments: [],
  mediaEventIds: new Set(),
});

/** Whose media is in the room: every host, and the candidate once admitted. */
export const inMedia = (state: InterviewRecordings): RecordingParticipant[] =>
  state.joined.filter((p) => p.role !== 'candidate' || state.candidateAdmitted);

export const openSegment = (state: InterviewRecordings): Segment | undefined =>
  state.segments.find((segment) => segment.status === 'recording');

function withSegment(state: InterviewRecordings, segmentId: string, change: (segment: Segment) => Segment) {
  return {
    ...state,
    segments: state.segments.map((segment) => (segment.id === segmentId ? change(segment) : segment)),
  };
}

export function evolve(state: InterviewRecordings, event: RecordingEvent): InterviewRecordings {
  const seen = 'mediaEventId' in event.data && event.data.mediaEventId ? event.data.mediaEventId : null;
  const next: InterviewRecordings = {
    ...state,
    roomId: event.data.roomId,
    organisationId: event.data.organisationId,
    mediaEventIds: seen ? new Set([...state.mediaEventIds, seen]) : state.mediaEventIds,
  };
  switch (event.type) {
    case types.RecordingConsentNoted: {
      const open = openSegment(next);
      const { consent } = event.data;
      const withConsent = { ...next, consent };
      // consent given while a segment records (the host started before the candidate came) covers it
      return open && !open.consent
        ? withSegment(withConsent, open.id, (segment) => ({ ...segment, consent }))
        : withConsent;
    }
    case types.RecordingParticipantJoined: {
      const { participant } = event.data;
      const others = next.joined.filter((p) => p.participantId !== participant.participantId);
      return { ...next, joined: [...others, participant] };
    }
    case types.RecordingCandidateAdmitted:
      return { ...next, candidateAdmitted: true };
    case types.RecordingParticipantLeft:
      return { ...next, joined: next.joined.filter((p) => p.participantId !== event.data.participantId) };
    case types.RecordingSegmentStarted: {
      const { segmentId, index, startedBy, startedByName, participants, consent, at } = event.data;
      const segment: Segment = {
        id: segmentId,
        index,
        status: 'recording',
        startedAt: at,
        startedBy,
        startedByName,
        endedAt: null,
        durationMs: null,
        interrupted: false,
        participants,
        consent,
        key: null,
        contentType: null,
        sizeBytes: null,
        tracks: [],
        failure: null,
        deletedAt: null,
      };
      return { ...next, segments: [...next.segments, segment] };
    }
    case types.RecordingSegmentParticipantAdded:
      return withSegment(next, event.data.segmentId, (segment) => ({
        ...segment,
        participants: [...segment.participants, event.data.participant],
      }));
    case types.RecordingSegmentClosed: {
      const { durationMs, interrupted, at } = event.data;
      return withSegment(next, event.data.segmentId, (segment) => ({
        ...segment,
        status: 'processing',
        endedAt: at,
        durationMs,
        interrupted,
      }));
    }
    case types.RecordingReady: {
      const { key, contentType, sizeBytes, durationMs, tracks } = event.data;
      return withSegment(next, event.data.segmentId, (segment) => ({
        ...segment,
        status: 'ready',
        key,
        contentType,
        sizeBytes,
        durationMs,
        tracks,
        failure: null,
      }));
    }
    case types.RecordingFailed:
      return withSegment(next, event.data.segmentId, (segment) => ({
        ...segment,
        status: 'failed',
        failure: event.data.reason,
      }));
    case types.RecordingDeleted:
      return withSegment(next, event.data.segmentId, (segment) => ({
        ...segment,
        status: 'deleted',
        deletedAt: event.data.at,
      }));
  }
}
