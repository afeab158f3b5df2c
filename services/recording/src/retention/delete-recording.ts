// Deleting a recording, for the recruiter and for the retention sweeper alike: the bytes first,
// then the event. Every key under the segment's prefix is removed from storage (not hidden), and only
// then is RecordingDeleted appended — so a failure in storage leaves the recording listed as it was
// (the recruiter can try again; storage deletes are idempotent), never "deleted" with its files still
// there. Playback re-checks the write model and the object on every range request, so a player that
// is already playing stops at its next fetch either way.
import type { EventMetadata } from '@candor/contracts';
import { ConflictError, handleCommand, NotFoundError, type EventStore } from '@candor/runtime';
import { loadRecordings, recordingsDecider, recordingsStream } from '../interview-recordings';
import type { RecordingStorage, SegmentRef } from '../ports';
import { segmentPrefix } from '../storage-keys';

export interface RecordingDeletion {
  (
    segment: SegmentRef,
    by: { actorId: string; reason: 'recruiter' | 'retention' },
    at: Date,
  ): Promise<{ position: number }>;
}

export function recordingDeletion(deps: {
  store: EventStore;
  storage: Pick<RecordingStorage, 'list' | 'delete'>;
}): RecordingDeletion {
  return async (segment, by, at) => {
    const state = await loadRecordings(deps.store, segment.roomId);
    const found =
      state.organisationId === segment.organisationId && state.segments.find((s) => s.id === segment.segmentId);
    if (!found) throw new NotFoundError('Recording not found.');
    if (found.status === 'recording') throw new ConflictError('This recording is still running; stop recording first.');
    for (const key of await deps.storage.list(segmentPrefix(segment))) await deps.storage.delete(key);
    const metadata: EventMetadata = {
      occurredAt: at.toISOString(),
      actorId: by.actorId,
      organisationId: segment.organisationId,
    };
    const outcome = await handleCommand(
      deps.store,
      recordingsStream(segment.roomId),
      recordingsDecider,
      { type: 'DeleteRecording', ...segment, by: by.actorId, reason: by.reason, at: at.toISOString() },
      metadata,
    );
    return { position: outcome.position };
  };
}
