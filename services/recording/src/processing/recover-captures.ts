// At start, before the policy hears any event: what a previous process left in the recorder's folder
// because it died (or was stopped) in the middle of a segment. Per segment found there, as the
// interview's stream says it is now:
//   - still *recording* (the room did not stop meanwhile, or its stop is still on its way): what was
//     captured is made playable and the recorder records on into the same segment from now on, so
//     the host's start→stop stays one segment; it will close *interrupted* (there is a gap).
//   - *processing* with no composite job of its own (the process died while stopping the capture,
//     before the job file was written): what was captured goes to the composite job now.
//   - anything else (ready, failed, deleted, a job resumed from its file, unknown): the folder is
//     the recorder's leftover; it is discarded (a job resumed from its file keeps it).
// A recorder without a folder (the test doubles) has no leftovers.
import type { Logger, EventStore } from '@candor/runtime';
import { inMedia, loadRecordings } from '../interview-recordings';
import type { SegmentRecorder } from '../ports';
import type { SegmentProcessing } from './segment-processing';

export async function recoverCaptures(deps: {
  store: EventStore;
  recorder: SegmentRecorder;
  processing: Pick<SegmentProcessing, 'process'>;
  logger: Logger;
  /** segments whose composite job was resumed from its job file: their files are that job's */
  resumedJobs: string[];
}): Promise<number> {
  const { recorder, logger } = deps;
  if (!recorder.leftovers || !recorder.recover || !recorder.resume || !recorder.discard) return 0;
  let recovered = 0;
  for (const ref of await recorder.leftovers()) {
    if (deps.resumedJobs.includes(ref.segmentId)) continue;
    const state = await loadRecordings(deps.store, ref.roomId);
    const segment = state.segments.find((candidate) => candidate.id === ref.segmentId);
    const log = { ...ref, status: segment?.status ?? 'unknown' };
    try {
      if (segment?.status === 'recording') {
        const earlier = await recorder.recover(ref.segmentId);
        logger.warn(
          { ...log, recoveredTracks: earlier.tracks.length },
          'a segment was recording when the previous process stopped: what it captured is kept, recording goes on',
        );
        await recorder.resume({ ...ref, participants: inMedia(state) }, earlier).catch((error: unknown) => {
          logger.error({ err: error, ...log }, 'the recorder could not capture the segment again; it keeps what it had');
        });
        recovered++;
      } else if (segment?.status === 'processing') {
        const files = await recorder.recover(ref.segmentId);
        logger.warn(
          { ...log, recoveredTracks: files.tracks.length },
          'a segment was being stopped when the previous process stopped: its composite is made now',
        );
        const span = segment.endedAt
          ? { startedAtMs: Date.parse(segment.startedAt), endedAtMs: Date.parse(segment.endedAt) }
          : undefined;
        deps.processing.process(ref, async () => files, segment.participants, span);
        recovered++;
      } else {
        await recorder.discard(ref.segmentId);
      }
    } catch (error) {
      // one folder that cannot be read must not keep the service from starting
      logger.error({ err: error, ...log }, 'could not recover what a previous process captured');
    }
  }
  return recovered;
}
