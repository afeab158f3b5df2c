// The recording core's ports (ports.ts) on src/capture. The SegmentRecorder registers a segment the
// moment it is started (so calls that follow, in the room's order, find it while ffmpeg is still
// coming up), notes interruptions as the capture reports them, and keeps the stop's result, so a
// second stop answers the same files. Each segment records into its own folder under `dir`; `feedFor` is the
// mode's way to ask the media service for a participant's RTP (the engine itself in one process,
// the media service's internal HTTP API in the distributed mode).
import { join } from 'node:path';
import { compositeSegment, type CompositeOptions } from './capture/composite';
import type { Recorder, RequestFeed, SegmentCapture } from './capture/types';
import type { Logger } from '@candor/runtime';
import type { CompositeJob, SegmentFiles, SegmentRecorder } from './ports';

/** The content type of what src/capture writes: WebM (VP8 + Opus) tracks and composite. */
const webm = 'video/webm';

export function segmentRecorder(deps: {
  recorder: Recorder;
  dir: string;
  feedFor: (roomId: string) => RequestFeed;
  logger?: Pick<Logger, 'warn'>;
}): SegmentRecorder {
  interface Entry {
    capture: Promise<SegmentCapture | null>;
    interrupted: boolean;
    result?: Promise<SegmentFiles | null>;
  }
  const segments = new Map<string, Entry>();
  return {
    start({ roomId, segmentId, participants }) {
      if (segments.has(segmentId)) return segments.get(segmentId)!.capture.then(() => undefined);
      const entry: Entry = { interrupted: false, capture: Promise.resolve(null) };
      entry.capture = deps.recorder
        .startSegment({
          segmentId,
          roomId,
          dir: join(deps.dir, segmentId),
          participants: participants.map((p) => p.participantId),
          feed: deps.feedFor(roomId),
          onTrackInterrupted: (participantId, reason) => {
            entry.interrupted = true;
            deps.logger?.warn({ segmentId, participantId, reason }, 'a capture ended before the segment stopped');
          },
        })
        .catch((error) => {
          entry.interrupted = true;
          throw error;
        });
      segments.set(segmentId, entry);
      return entry.capture.then(() => undefined);
    },
    async addParticipant(segmentId, participant) {
      const capture = await segments.get(segmentId)?.capture.catch(() => null);
      await capture?.addParticipant(participant.participantId);
    },
    async removeParticipant(segmentId, participantId) {
      const capture = await segments.get(segmentId)?.capture.catch(() => null);
      await capture?.removeParticipant(participantId);
    },
    interrupted(segmentId) {
      return segments.get(segmentId)?.interrupted ?? true;
    },
    stop(segmentId) {
      const entry = segments.get(segmentId);
      if (!entry) return Promise.resolve(null);
      entry.result ??= entry.capture
        .catch(() => null)
        .then(async (capture) => {
          if (!capture) return null;
          const captured = await capture.stop();
          return {
            interrupted: captured.interrupted || entry.interrupted,
            tracks: captured.tracks.map((track) => ({ ...track, contentType: webm })),
          };
        });
      return entry.result;
    },
    close: () => deps.recorder.close(),
  };
}

export function compositeJob(options: CompositeOptions = {}): CompositeJob {
  return {
    async make({ tracks, workDir, signal, span }) {
      const made = await compositeSegment(tracks, join(workDir, 'composite.webm'), {
        ...options,
        format: 'webm',
        signal,
        span,
      });
      return { file: made.file, contentType: webm, durationMs: made.durationMs };
    },
  };
}
