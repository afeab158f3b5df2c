// The recordings read model: one document per segment, for the recruiter's playlist on the Interview
// Analysis page and for the retention sweeper. Built only from the recording service's own events,
// each validated against its contract before it is applied. Room-level notes (joins, consent) are
// not listed: a segment's document takes what it needs from the segment events.
import {
  recordingEventNames as types,
  recordingEventSchemas as schemas,
  topics,
  type RecordedEvent,
  type RecordingView,
} from '@candor/contracts';
import type { Projection } from '@candor/runtime';
import type { RecordingEvent } from '../../interview-recordings';

export type RecordingDocument = Omit<RecordingView, 'deleteAfter'> & {
  _id: string;
  organisationId: string;
  /** the composite's storage key (never shown: playback goes through signed URLs) */
  key: string | null;
};

type SegmentEvent = Extract<RecordingEvent, { data: { segmentId: string } }>;
type RecordingRecordedEvent = RecordedEvent<SegmentEvent['type']> & SegmentEvent;

const decoders = {
  [types.RecordingSegmentStarted]: schemas.RecordingSegmentStarted,
  [types.RecordingSegmentParticipantAdded]: schemas.RecordingSegmentParticipantAdded,
  [types.RecordingSegmentClosed]: schemas.RecordingSegmentClosed,
  [types.RecordingReady]: schemas.RecordingReady,
  [types.RecordingFailed]: schemas.RecordingFailed,
  [types.RecordingDeleted]: schemas.RecordingDeleted,
} as const;

export const recordingsProjection: Projection<RecordingDocument, RecordingRecordedEvent> = {
  name: 'recording.recordings',
  collection: 'recording_recordings',
  topics: [topics.recording],
  decode(event) {
    const schema = decoders[event.type as keyof typeof decoders];
    if (!schema) return null;
    const data = schema.safeParse(event.data);
    return data.success ? ({ ...event, data: data.data } as RecordingRecordedEvent) : null;
  },
  documentId: (event) => event.data.segmentId,
  evolve(doc, event) {
    switch (event.type) {
      case types.RecordingSegmentStarted: {
        const { segmentId, roomId, organisationId, index, startedByName, participants, consent, at } = event.data;
        return {
          _id: segmentId,
          id: segmentId,
          roomId,
          organisationId,
          index,
          status: 'recording',
          startedAt: at,
          endedAt: null,
          durationMs: null,
          interrupted: false,
          startedByName,
          participants,
          consent,
          sizeBytes: null,
          contentType: null,
          failure: null,
          deletedAt: null,
          key: null,
        };
      }
      case types.RecordingSegmentParticipantAdded:
        return doc && { ...doc, participants: [...doc.participants, event.data.participant] };
      case types.RecordingSegmentClosed: {
        const { durationMs, interrupted, at } = event.data;
        return doc && { ...doc, status: 'processing', endedAt: at, durationMs, interrupted };
      }
      case types.RecordingReady: {
        const { key, contentType, sizeBytes, durationMs } = event.data;
        return doc && { ...doc, status: 'ready', key, contentType, sizeBytes, durationMs, failure: null };
      }
      case types.RecordingFailed:
        return doc && { ...doc, status: 'failed', failure: event.data.reason };
      case types.RecordingDeleted:
        return doc && { ...doc, status: 'deleted', deletedAt: event.data.at, key: null };
    }
  },
};
