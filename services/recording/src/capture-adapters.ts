// The recording core's ports (ports.ts) on src/capture. The SegmentRecorder keeps one SegmentCapture
// per segment, and its result after the stop, so a second stop (a redelivered RecordingStopped)
// answers the same files. Each segment records into its own folder under `dir`; `feedFor` is the
// mode's way to ask the media service for a participant's RTP (the engine itself in one process,
// the media service's internal HTTP API in the distributed mode).
import { join } from 'node:path';
import { compositeSegment, type CompositeOptions } from './capture/composite';
import type { Recorder, RequestFeed, SegmentCapture } from './capture/types';
import type { CompositeJob, SegmentFiles, SegmentRecorder } from './ports';

/** The content type of what src/capture writes: WebM (VP8 + Opus) tracks and composite. */
const webm = 'video/webm';

export function segmentRecorder(deps: {
  recorder: Recorder;
  dir: string;
  feedFor: (roomId: string) => RequestFeed;
}): SegmentRecorder {
  const captures = new Map<string, SegmentCapture>();
  const results = new Map<string, Promise<SegmentFiles>>();
  return {
    async start({ roomId, segmentId, participants }) {
      if (captures.has(segmentId)) return;
      const capture = await deps.recorder.startSegment({
        segmentId,
        roomId,
        dir: join(deps.dir, segmentId),
        participants: participants.map((p) => p.participantId),
        feed: deps.feedFor(roomId),
      });
      captures.set(segmentId, capture);
    },
    async addParticipant(segmentId, participant) {
      await captures.get(segmentId)?.addParticipant(participant.participantId);
    },
    async removeParticipant(segmentId, participantId) {
      await captures.get(segmentId)?.removeParticipant(participantId);
    },
    stop(segmentId) {
      const capture = captures.get(segmentId);
      if (!capture) return Promise.resolve(null);
      let result = results.get(segmentId);
      if (!result) {
        result = capture.stop().then((captured) => ({
          interrupted: captured.interrupted,
          tracks: captured.tracks.map((track) => ({ ...track, contentType: webm })),
        }));
        results.set(segmentId, result);
      }
      return result;
    },
  };
}

export function compositeJob(options: CompositeOptions = {}): CompositeJob {
  return {
    async make({ tracks, workDir }) {
      const made = await compositeSegment(tracks, join(workDir, 'composite.webm'), { ...options, format: 'webm' });
      return { file: made.file, contentType: webm, durationMs: made.durationMs };
    },
  };
}
