// What the recording core needs from its neighbours, as small interfaces (ports): the storage the
// files live in and the spool that uploads them (src/storage), and the recorder that captures a
// segment from the media service's RTP plus the composite job (src/capture). The core is written and
// tested against these; the adapters implement them.
import type { RecordingParticipant } from '@candor/contracts';
import type { RecordingStorage } from './storage';

export type { RecordingStorage };

/** The upload spool: `add` returns once the file is safe locally; the store gets it later, retried. */
export interface UploadSpool {
  add(key: string, localFilePath: string, options: { contentType: string; move?: boolean }): Promise<unknown>;
}

/** One participant's stretch within a segment, as captured (a participant who leaves and returns has two). */
export interface SegmentTrack {
  participantId: string;
  /** a local file, written without re-encoding */
  file: string;
  contentType: string;
  /** wall clock (ms since the epoch) when it started: where it sits in the composite */
  startedAtMs: number;
  /** what the file says */
  durationMs: number;
  hasVideo: boolean;
  hasAudio: boolean;
}

export interface SegmentFiles {
  /** a capture ended before the segment was stopped (crash, lost feed); what it wrote is kept */
  interrupted: boolean;
  tracks: SegmentTrack[];
}

/** When a segment started and stopped, as the room's events say (ms since the epoch). */
export interface SegmentSpan {
  startedAtMs: number;
  endedAtMs: number;
}

export interface SegmentRef {
  roomId: string;
  organisationId: string;
  segmentId: string;
}

/**
 * Captures a segment's participants from the media service (adapted from src/capture's Recorder).
 * The policy calls these in the order of the room's events and must not wait for ffmpeg (a stop's
 * finalising takes a second or two, and the next start must not queue behind it): `start` registers
 * the segment at once, later calls for it wait for its start themselves, and `stop` is awaited only
 * by the background job.
 */
export interface SegmentRecorder {
  /** Registers the segment synchronously, then starts its captures; the promise settles when they run. */
  start(segment: SegmentRef & { participants: RecordingParticipant[] }): Promise<void>;
  addParticipant(segmentId: string, participant: RecordingParticipant): Promise<void>;
  /** the participant left the room: their capture ends normally, not as an interruption */
  removeParticipant(segmentId: string, participantId: string): Promise<void>;
  /**
   * Whether a capture of the segment has ended before its stop (crash, lost feed) — also true when
   * this recorder never had it (failed to start, or the process restarted since). Known at once.
   */
  interrupted(segmentId: string): boolean;
  /**
   * Stops and answers what was captured; the same answer when asked again. null when this recorder
   * never had the segment.
   */
  stop(segmentId: string): Promise<SegmentFiles | null>;
  /** Shutdown: lets go of what it keeps ready (the spare ffmpegs). */
  close?(): Promise<void>;
  /**
   * At start, before any event: the segments whose captures a previous process left in the
   * recorder's folder (it died, or stopped without finishing them). A recorder that keeps nothing on
   * disk has none (the method may be absent).
   */
  leftovers?(): Promise<SegmentRef[]>;
  /** Stops what a previous process left running for the segment and answers what it captured, playable. */
  recover?(segmentId: string): Promise<SegmentFiles>;
  /**
   * A segment still recording after a restart: captures `participants` again from now, and its stop
   * answers `earlier` (the recovered tracks) with the new ones; it counts as interrupted.
   */
  resume?(segment: SegmentRef & { participants: RecordingParticipant[] }, earlier: SegmentFiles): Promise<void>;
  /** Stops what a previous process left for a segment that needs none of it, and removes it. */
  discard?(segmentId: string): Promise<void>;
}

/** Makes the one playable file of a segment: participants side by side, audio mixed (src/capture). */
export interface CompositeJob {
  make(input: {
    segment: SegmentRef;
    tracks: SegmentTrack[];
    participants: RecordingParticipant[];
    /** a folder the job may write into */
    workDir: string;
    /** shutdown: stop at once (the job runs again at the next start) */
    signal?: AbortSignal;
    /** the segment's start and stop as the room recorded them: the composite's timeline */
    span?: SegmentSpan;
  }): Promise<{ file: string; contentType: string; durationMs: number }>;
}
