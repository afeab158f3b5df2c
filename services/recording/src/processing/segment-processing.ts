// After a segment closes: the background job that makes its composite and hands every file to the
// upload spool, and the spool's confirmation that turns the segment ready. A segment is *ready* only
// once its composite is in the store (not merely spooled), so a playable status never points at
// bytes the store does not have; storage being down keeps it *processing*, never loses it (the spool
// retries from its folder, across restarts). Tracks are spooled before the composite and the spool
// uploads in order, so a ready segment's tracks are stored too.
//
// Idempotent where it can run twice: `ready` for a segment already ready decides nothing; one that
// was deleted while processing decides nothing either, and its late-arriving files are removed here.
//
// Resumed after a crash: once the capture is stopped, the job writes what it captured into a job
// file (`<workDir>/jobs/<segmentId>.json`) and removes it only when the composite is in the spool (or
// the segment failed). A process that dies in between — or shuts down: `abort` kills a running
// composite rather than holding the shutdown for minutes — leaves the job file, and `resume` at the
// next start runs the composite again for every segment still *processing*. The composite's key is
// the segment's (storage-keys.ts), so a second run overwrites, and `ready` is decided once.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventMetadata } from '@candor/contracts';
import { handleCommand, NotFoundError, type EventStore, type Logger } from '@candor/runtime';
import { loadRecordings, recordingsDecider, recordingsStream, type RecordingCommand } from '../interview-recordings';
import type { SegmentFiles, CompositeJob, RecordingStorage, SegmentRef, SegmentSpan, UploadSpool } from '../ports';
import type { RecordingParticipant } from '@candor/contracts';
import {
  compositeKey,
  contentTypeOfKey,
  participantOfTrack,
  segmentOfComposite,
  segmentPrefix,
  trackKey,
} from '../storage-keys';

export interface SegmentProcessingDeps {
  store: EventStore;
  composite: CompositeJob;
  spool: UploadSpool;
  storage: Pick<RecordingStorage, 'list' | 'delete'>;
  /** a local folder for composites being made */
  workDir: string;
  logger: Logger;
  now: () => Date;
}

export interface SegmentProcessing {
  /** Starts the job for a closed segment: stop its capture, composite, spool; answers at once (the job's end is `settled`). */
  process(
    segment: SegmentRef,
    stopCapture: () => Promise<SegmentFiles | null>,
    participants: RecordingParticipant[],
    span?: SegmentSpan,
  ): void;
  /** The spool's `onUploaded`: a stored composite makes its segment ready. */
  uploaded(entry: { key: string; size: number; contentType: string }): Promise<void>;
  /** Resolves when no job is running (tests, shutdown). */
  settled(): Promise<void>;
  /** At start: runs again the jobs a previous process left unfinished (segments still processing); answers their segment ids. */
  resume(): Promise<string[]>;
  /** Shutdown: stops running composites (their job files stay for `resume`) and waits for the jobs. */
  abort(): Promise<void>;
}

/** What a job needs to run again after a restart, written once its capture is stopped. */
interface JobFile {
  segment: SegmentRef;
  participants: RecordingParticipant[];
  captured: SegmentFiles;
  span?: SegmentSpan;
}

export function segmentProcessing(deps: SegmentProcessingDeps): SegmentProcessing {
  const logger = deps.logger.child({ job: 'recording.composite' });
  const running = new Set<Promise<void>>();
  const controllers = new Set<AbortController>();
  const jobsDir = join(deps.workDir, 'jobs');
  const jobFile = (segmentId: string) => join(jobsDir, `${segmentId}.json`);
  async function writeJobFile(job: JobFile) {
    await mkdir(jobsDir, { recursive: true });
    const file = jobFile(job.segment.segmentId);
    await writeFile(`${file}.tmp`, JSON.stringify(job));
    await rename(`${file}.tmp`, file);
  }
  /** the composite's measured duration until its upload is confirmed (the closed duration is the fallback) */
  const durations = new Map<string, number>();

  const run = (segment: SegmentRef, command: RecordingCommand) => {
    const metadata: EventMetadata = {
      occurredAt: command.at,
      actorId: 'system',
      organisationId: segment.organisationId,
    };
    return handleCommand(deps.store, recordingsStream(segment.roomId), recordingsDecider, command, metadata);
  };

  async function job(
    segment: SegmentRef,
    stopCapture: () => Promise<SegmentFiles | null>,
    participants: RecordingParticipant[],
    span: SegmentSpan | undefined,
    signal: AbortSignal,
  ) {
    const ofRoom = { roomId: segment.roomId, organisationId: segment.organisationId, segmentId: segment.segmentId };
    const workDir = join(deps.workDir, segment.segmentId);
    try {
      const captured = await stopCapture();
      if (!captured || captured.tracks.length === 0) throw new Error('nothing was captured in this segment');
      await writeJobFile({ segment, participants, captured, span });
      await rm(workDir, { recursive: true, force: true }); // what an earlier, interrupted run left
      await mkdir(workDir, { recursive: true });
      signal.throwIfAborted();
      const made = await deps.composite.make({ segment, tracks: captured.tracks, participants, workDir, signal, span });
      signal.throwIfAborted();
      const stretches = new Map<string, number>();
      for (const track of captured.tracks) {
        const stretch = (stretches.get(track.participantId) ?? 0) + 1;
        stretches.set(track.participantId, stretch);
        await deps.spool.add(trackKey(segment, track, stretch), track.file, { contentType: track.contentType });
      }
      const key = compositeKey(segment, made.contentType);
      durations.set(key, made.durationMs);
      await deps.spool.add(key, made.file, { contentType: made.contentType, move: true });
      // the spool has every file now: the job is done, and the captured copies can go
      await rm(jobFile(segment.segmentId), { force: true });
      for (const track of captured.tracks) await rm(track.file, { force: true });
    } catch (error) {
      if (signal.aborted) {
        logger.info(ofRoom, 'recording job stopped by shutdown; it runs again at the next start');
        return;
      }
      logger.warn({ err: error, ...ofRoom }, 'recording segment failed');
      const reason = error instanceof Error ? error.message : String(error);
      await run(segment, { type: 'MarkFailed', ...ofRoom, reason, at: deps.now().toISOString() });
      await rm(jobFile(segment.segmentId), { force: true });
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  function start(
    segment: SegmentRef,
    stopCapture: () => Promise<SegmentFiles | null>,
    participants: RecordingParticipant[],
    span: SegmentSpan | undefined,
  ) {
    const controller = new AbortController();
    controllers.add(controller);
    const done = job(segment, stopCapture, participants, span, controller.signal).catch((error) => {
      logger.error({ err: error, segmentId: segment.segmentId }, 'recording job could not record its outcome');
    });
    running.add(done);
    void done.finally(() => {
      running.delete(done);
      controllers.delete(controller);
    });
  }

  async function settled() {
    while (running.size > 0) await Promise.all([...running]);
  }

  return {
    process(segment, stopCapture, participants, span) {
      start(segment, stopCapture, participants, span);
    },
    async uploaded(entry) {
      const segment = segmentOfComposite(entry.key);
      if (!segment) return; // a track: the composite after it decides
      const tracksUnder = `${segmentPrefix(segment)}tracks/`;
      const tracks = (await deps.storage.list(tracksUnder)).map((key) => ({
        participantId: participantOfTrack(key) ?? 'unknown',
        key,
        contentType: contentTypeOfKey(key),
      }));
      const outcome = await run(segment, {
        type: 'MarkReady',
        ...segment,
        key: entry.key,
        contentType: entry.contentType,
        sizeBytes: entry.size,
        durationMs: durations.get(entry.key) ?? null,
        tracks,
        at: deps.now().toISOString(),
      }).catch((error) => {
        // a file for a segment this service never had can never become ready: say so and let the spool move on
        if (error instanceof NotFoundError) {
          logger.error({ key: entry.key }, 'a stored composite belongs to no known segment');
          return null;
        }
        throw error; // the event store is unreachable: the spool tries the entry again
      });
      durations.delete(entry.key);
      if (!outcome) return;
      const after = outcome.state.segments.find((candidate) => candidate.id === segment.segmentId);
      if (after?.status === 'deleted') {
        // deleted while it was being made: what arrived since goes too
        for (const key of await deps.storage.list(segmentPrefix(segment))) await deps.storage.delete(key);
      }
    },
    settled,
    async resume() {
      const names = await readdir(jobsDir).catch(() => [] as string[]);
      const resumed: string[] = [];
      for (const name of names.filter((n) => n.endsWith('.json'))) {
        const file = join(jobsDir, name);
        const saved = JSON.parse(await readFile(file, 'utf8')) as JobFile;
        const state = await loadRecordings(deps.store, saved.segment.roomId);
        const segment = state.segments.find((candidate) => candidate.id === saved.segment.segmentId);
        if (segment?.status !== 'processing') {
          // finished (ready, failed, deleted) before the process died: only its leftovers remain
          for (const track of saved.captured.tracks) await rm(track.file, { force: true });
          await rm(file, { force: true });
          continue;
        }
        logger.info({ ...saved.segment }, 'resuming a recording job a previous process left unfinished');
        start(saved.segment, async () => saved.captured, saved.participants, saved.span);
        resumed.push(saved.segment.segmentId);
      }
      return resumed;
    },
    async abort() {
      for (const controller of controllers) controller.abort();
      await settled();
    },
  };
}
