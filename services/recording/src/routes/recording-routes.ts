// The recruiter's recordings, mounted under /api/recording: one live interview's playlist, a
// short-lived playback URL for one recording, and deleting one. Every route needs a recruiter
// session and sees only the recruiter's organisation: another organisation's recording answers 404,
// the same as one that does not exist.
import { Router } from 'express';
import {
  apiPaths,
  interviewRecordingsParams,
  recordingIdParams,
  type PlaybackUrlResponse,
  type RecordingListResponse,
} from '@candor/contracts';
import {
  ConflictError,
  GoneError,
  NotFoundError,
  recruiterOf,
  requireRecruiter,
  route,
  type EventStore,
  type SessionTokens,
} from '@candor/runtime';
import type { PlaybackTokens } from '../playback/playback-tokens';
import { toView } from '../read-models/recordings/query';
import type { RecordingsQuery } from '../read-models/recordings/query';
import { loadRetention, type RecordingDeletion } from '../retention';
import { loadRecordings } from '../interview-recordings';

export interface RecordingRouteDeps {
  store: EventStore;
  sessions: SessionTokens;
  recordings: RecordingsQuery;
  playbackTokens: PlaybackTokens;
  deletion: RecordingDeletion;
  now: () => Date;
}

export function recordingRoutes(deps: RecordingRouteDeps): Router {
  const router = Router();
  const recruiter = requireRecruiter(deps.sessions);

  router.get(
    '/interviews/:roomId/recordings',
    recruiter,
    route({ params: interviewRecordingsParams }, async ({ params }, _req, res) => {
      const { org } = recruiterOf(res);
      const [docs, retention] = await Promise.all([
        deps.recordings.ofInterview(org, params.roomId),
        loadRetention(deps.store, org),
      ]);
      const body: RecordingListResponse = {
        recordings: docs.map((doc) => toView(doc, retention)),
        retentionDays: retention.days,
      };
      return { body };
    }),
  );

  router.post(
    '/recordings/:recordingId/playback-url',
    recruiter,
    route({ params: recordingIdParams }, async ({ params }, _req, res) => {
      const { org, sub } = recruiterOf(res);
      const doc = await deps.recordings.get(org, params.recordingId);
      if (!doc) throw new NotFoundError('Recording not found.');
      // the write model, so a URL is never handed out for a recording deleted a moment ago
      const segment = (await loadRecordings(deps.store, doc.roomId)).segments.find((s) => s.id === doc.id);
      if (!segment || segment.status === 'deleted')
        throw new GoneError('This recording was deleted.', 'recording-deleted');
      if (segment.status !== 'ready')
        throw new ConflictError(`This recording is ${segment.status}; it can be played once ready.`);
      const issued = deps.playbackTokens.issue(
        doc.id,
        { kind: 'recruiter', organisationId: org, userId: sub },
        deps.now(),
      );
      const url = `${apiPaths.recording.playback(doc.id)}?token=${encodeURIComponent(issued.token)}`;
      const body: PlaybackUrlResponse = { url, expiresAt: issued.expiresAt.toISOString() };
      return { body };
    }),
  );

  router.delete(
    '/recordings/:recordingId',
    recruiter,
    route({ params: recordingIdParams }, async ({ params }, _req, res) => {
      const { org, sub } = recruiterOf(res);
      const doc = await deps.recordings.get(org, params.recordingId);
      if (!doc) throw new NotFoundError('Recording not found.');
      const segment = { roomId: doc.roomId, organisationId: org, segmentId: doc.id };
      await deps.deletion(segment, { actorId: sub, reason: 'recruiter' }, deps.now());
      return { status: 204 };
    }),
  );
  return router;
}
