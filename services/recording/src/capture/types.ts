// What the capture part of the recording service offers the rest of it: a Recorder records one
// segment (one recording start → stop) as one WebM per participant track, copied from the RTP the
// media service feeds it (VP8 + Opus, no re-encoding); `compositeSegment` (composite.ts) then makes
// the one playable file of the segment.
//
// The caller owns the feeds: the recorder asks through `feed` once its ffmpeg is listening, and calls
// the returned stop when the track ends. In the distributed mode `feed` is the media service's
// internal HTTP API (contracts' recorderFeedPaths); in one process it may call the engine directly.
import type { RecorderPorts } from './sdp';

export type { RecorderPorts };

/** Asks for `participantId`'s RTP at `ports`; resolves with the function that stops the feed. */
export type RequestFeed = (participantId: string, ports: RecorderPorts) => Promise<StopFeed>;
export type StopFeed = () => Promise<void>;

export interface SegmentSpec {
  segmentId: string;
  roomId: string;
  /** a folder of this segment's own (created if missing); the track files are written there */
  dir: string;
  /** participants publishing when the segment starts; more can be added while it runs */
  participants: string[];
  feed: RequestFeed;
  /** told when a track's ffmpeg dies mid-segment (the track keeps what it captured) */
  onTrackInterrupted?: (participantId: string, reason: string) => void;
}

/** One participant's continuous stretch within a segment (a participant who leaves and returns has two). */
export interface CapturedTrack {
  participantId: string;
  /** a complete WebM (VP8 + Opus, Cues written) */
  file: string;
  /**
   * Wall clock (ms since the epoch) of the file's first moment: for a track stopped cleanly, its end
   * less its duration (media starts with the feed's first packets, a moment after the feed was
   * granted); for an interrupted one, when the feed was granted. Composite offsets come from it.
   */
  startedAtMs: number;
  /** when the track was stopped, or when its ffmpeg was found dead */
  endedAtMs: number;
  /** what the file itself says, in ms */
  durationMs: number;
  hasVideo: boolean;
  hasAudio: boolean;
  /** its ffmpeg died before the track was stopped: the file holds what was captured until then */
  interrupted: boolean;
}

export interface CapturedSegment {
  segmentId: string;
  startedAtMs: number;
  endedAtMs: number;
  /** in the order they started; tracks that captured nothing are left out */
  tracks: CapturedTrack[];
  /** some track was interrupted */
  interrupted: boolean;
}

export interface SegmentCapture {
  readonly segmentId: string;
  /** A participant who started publishing (or came back): a new track. No-op if one is running. */
  addParticipant(participantId: string): Promise<void>;
  /** A participant who left: their track ends (finalised at stop()). No-op if none is running. */
  removeParticipant(participantId: string): Promise<void>;
  /** participants with a running track */
  readonly recording: string[];
  /** Ends every track, finalises the files; idempotent (the same result each time). */
  stop(): Promise<CapturedSegment>;
}

export interface Recorder {
  /**
   * Starts a track for every given participant. One whose track cannot start is logged and left out
   * (addParticipant may try again); addParticipant itself rejects with the reason.
   */
  startSegment(spec: SegmentSpec): Promise<SegmentCapture>;
  /** Stops the spare ffmpegs it keeps listening (running segments are the caller's to stop first). */
  close(): Promise<void>;
}
