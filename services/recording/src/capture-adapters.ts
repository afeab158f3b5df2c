// The recording core's ports (ports.ts) on src/capture. The SegmentRecorder registers a segment the
// moment it is started (so calls that follow, in the room's order, find it while ffmpeg is still
// coming up), notes interruptions as the capture reports them, and keeps the stop's result, so a
// second stop answers the same files. Each segment records into its own folder under `dir`; `feedFor` is the
// mode's way to ask the media service for a participant's RTP (the engine itself in one process,
// the media service's internal HTTP API in the distributed mode).
//
// Each segment's folder also holds `segment.json` (which room and organisation it is), so the next
// process finds what a dead one left (`leftovers`), makes it playable (`recover`, track-files.ts)
// and, for a segment still recording, records on into the same segment (`resume`).
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compositeSegment, type CompositeOptions } from './capture/composite';
import { defaultFfmpegTools, type FfmpegTools } from './capture/ffmpeg';
import { discardFolder, recoverTracks } from './capture/track-files';
import type { Recorder, RequestFeed, SegmentCapture } from './capture/types';
import type { RecordingParticipant } from '@candor/contracts';
import type { Logger } from '@candor/runtime';
import type { CompositeJob, SegmentFiles, SegmentRecorder, SegmentRef } from './ports';

/** The content type of what src/capture writes: WebM (VP8 + Opus) tracks and composite. */
const webm = 'video/webm';

export function segmentRecorder(deps: {
  recorder: Recorder;
  dir: string;
  feedFor: (roomId: string) => RequestFeed;
  logger?: Pick<Logger, 'warn' | 'info'>;
  tools?: FfmpegTools;
}): SegmentRecorder {
  interface Entry {
    capture: Promise<SegmentCapture | null>;
    interrupted: boolean;
    /** what a previous process captured of this segment (resumed after a restart) */
    earlier: SegmentFiles['tracks'];
    result?: Promise<SegmentFiles | null>;
  }
  const segments = new Map<string, Entry>();
  const quiet = { info: () => undefined, warn: () => undefined };
  const recoverOptions = { tools: deps.tools ?? defaultFfmpegTools, logger: deps.logger ?? quiet };
  const folderOf = (segmentId: string) => join(deps.dir, segmentId);

  async function describe(ref: SegmentRef) {
    const dir = folderOf(ref.segmentId);
    await mkdir(dir, { recursive: true });
    const { roomId, organisationId, segmentId } = ref;
    await writeFile(join(dir, 'segment.json.tmp'), JSON.stringify({ roomId, organisationId, segmentId }));
    await rename(join(dir, 'segment.json.tmp'), join(dir, 'segment.json'));
  }

  function begin(ref: SegmentRef, participants: RecordingParticipant[], earlier: SegmentFiles | null) {
    const { roomId, segmentId } = ref;
    const entry: Entry = {
      interrupted: earlier !== null,
      earlier: earlier?.tracks ?? [],
      capture: Promise.resolve(null),
    };
    entry.capture = describe(ref)
      .then(() =>
        deps.recorder.startSegment({
          segmentId,
          roomId,
          dir: folderOf(segmentId),
          participants: participants.map((p) => p.participantId),
          feed: deps.feedFor(roomId),
          onTrackInterrupted: (participantId, reason) => {
            entry.interrupted = true;
            deps.logger?.warn({ segmentId, participantId, reason }, 'a capture ended before the segment stopped');
          },
        }),
      )
      .catch((error) => {
        entry.interrupted = true;
        throw error;
      });
    segments.set(segmentId, entry);
    return entry.capture.then(() => undefined);
  }

  return {
    start({ participants, ...ref }) {
      if (segments.has(ref.segmentId)) return segments.get(ref.segmentId)!.capture.then(() => undefined);
      return begin(ref, participants, null);
    },
    resume({ participants, ...ref }, earlier) {
      if (segments.has(ref.segmentId)) return segments.get(ref.segmentId)!.capture.then(() => undefined);
      return begin(ref, participants, earlier);
    },
    async leftovers() {
      const found: SegmentRef[] = [];
      for (const name of await readdir(deps.dir).catch(() => [] as string[])) {
        if (segments.has(name)) continue;
        const described = await readFile(join(deps.dir, name, 'segment.json'), 'utf8').catch(() => null);
        if (described) found.push(JSON.parse(described) as SegmentRef);
      }
      return found;
    },
    async recover(segmentId) {
      const tracks = await recoverTracks(folderOf(segmentId), recoverOptions);
      return { interrupted: true, tracks: tracks.map((track) => ({ ...track, contentType: webm })) };
    },
    discard: (segmentId) => discardFolder(folderOf(segmentId), recoverOptions),
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
          const captured = await capture?.stop();
          if (!captured && entry.earlier.length === 0) return null;
          const tracks = [...entry.earlier, ...(captured?.tracks ?? []).map((track) => ({ ...track, contentType: webm }))];
          return {
            interrupted: (captured?.interrupted ?? false) || entry.interrupted,
            tracks: tracks.sort((a, b) => a.startedAtMs - b.startedAtMs),
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
