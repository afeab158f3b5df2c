// The composite job: after a segment closes, its participant tracks become one playable file,
// participants side by side (one tile each, a participant who left and came back stays in their
// tile, black while away or before joining), audio mixed. One ffmpeg run, re-encoding once.
//
// Output: WebM, VP8 + Opus, Cues moved to the front: Chromium plays it and seeks without first
// fetching the end of the file. VP8 over H.264/MP4 because the tracks are VP8 + Opus already, the
// player needs nothing else, and it is fast enough here (docs/architecture.md "Recording" has the
// measurements: above real time on this 2-core machine even loaded, for two participants; about
// real time for five). `format: 'mp4'` (H.264 + AAC, faststart) is the alternative the measurement
// compared against: faster, but not every Chromium build plays it.
import type { FfmpegTools } from './ffmpeg';
import { defaultFfmpegTools, probe, runFfmpeg } from './ffmpeg';
import type { CapturedTrack } from './types';

export interface CompositeOptions {
  tools?: FfmpegTools;
  format?: 'webm' | 'mp4';
  /** one participant's tile (default 480×360; the video is scaled to fit and centred on black) */
  tile?: { width: number; height: number };
  frameRate?: number;
  /** aborted: ffmpeg is killed and the promise rejects (the job runs again later) */
  signal?: AbortSignal;
  /**
   * The segment's start and stop as the room recorded them (wall clock, ms). When the tracks fit in
   * it, the composite is exactly that stretch: black and silence before the captures began (their
   * start-up), media after the stop cut off. Otherwise (clocks apart, or a capture that began more
   * than `spanToleranceMs` late) the composite is the tracks' own extent.
   */
  span?: { startedAtMs: number; endedAtMs: number };
}

/** How late the first capture may begin for the segment's own span to be the composite's timeline. */
export const spanToleranceMs = 30_000;

/** The composite's timeline: the segment's span when the tracks fit in it, else the tracks' extent. */
export function compositeTimeline(
  tracks: Pick<Track, 'startedAtMs' | 'durationMs'>[],
  span?: CompositeOptions['span'],
): { start: number; end: number } {
  const first = Math.min(...tracks.map((t) => t.startedAtMs));
  const last = Math.max(...tracks.map((t) => t.startedAtMs + t.durationMs));
  const fits =
    span !== undefined &&
    span.startedAtMs <= first &&
    first - span.startedAtMs <= spanToleranceMs &&
    span.endedAtMs > first;
  return fits ? { start: span.startedAtMs, end: span.endedAtMs } : { start: first, end: last };
}

export interface CompositeResult {
  file: string;
  /** what the file says, in ms */
  durationMs: number;
  /** wall clock of the composite's first moment (the segment's start, or the earliest track's) */
  startedAtMs: number;
  /** participants in tile order, left to right */
  participants: string[];
}

type Track = Pick<CapturedTrack, 'participantId' | 'file' | 'startedAtMs' | 'durationMs' | 'hasVideo' | 'hasAudio'>;

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

/** The ffmpeg arguments of a composite (exported for the bench, which times the same command). */
export function compositeArgs(tracks: Track[], output: string, options: CompositeOptions = {}): string[] {
  if (tracks.length === 0) throw new Error('a composite needs at least one track');
  const { width, height } = options.tile ?? { width: 480, height: 360 };
  const fps = options.frameRate ?? 30;
  const format = options.format ?? 'webm';
  const { start, end } = compositeTimeline(tracks, options.span);
  const total = seconds(end - start);
  const participants = [...new Set(tracks.map((t) => t.participantId))];
  const inputs = tracks.flatMap((t) => ['-i', t.file]);
  const filters: string[] = [];
  const fit = `scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p`;

  const tiles = participants.map((participantId, p) => {
    const own = tracks
      .map((track, index) => ({ track, index }))
      .filter(({ track }) => track.participantId === participantId)
      .sort((a, b) => a.track.startedAtMs - b.track.startedAtMs);
    let cursor = start;
    const parts = own.map(({ track, index }, k) => {
      const gap = seconds(track.startedAtMs - cursor);
      cursor = track.startedAtMs + track.durationMs;
      const label = `v${p}_${k}`;
      const source = track.hasVideo
        ? `[${index}:v]setpts=PTS-STARTPTS,trim=duration=${seconds(track.durationMs)},fps=${fps},${fit}`
        : `color=c=black:s=${width}x${height}:r=${fps}:d=${seconds(track.durationMs)},format=yuv420p`;
      // black until this stretch starts (relative to the end of the previous one)
      filters.push(`${source},tpad=start_duration=${gap}:color=black[${label}]`);
      return `[${label}]`;
    });
    const chain = parts.length > 1 ? `${parts.join('')}concat=n=${parts.length}:v=1:a=0,` : `${parts[0]}null,`;
    // black after the last stretch, then exactly the segment's length
    filters.push(
      `${chain}tpad=stop_mode=add:stop_duration=${total}:color=black,trim=duration=${total},setpts=PTS-STARTPTS[tile${p}]`,
    );
    return `[tile${p}]`;
  });
  filters.push(tiles.length > 1 ? `${tiles.join('')}hstack=inputs=${tiles.length}[v]` : `${tiles[0]}null[v]`);

  const voices = tracks
    .map((track, index) => ({ track, index }))
    .filter(({ track }) => track.hasAudio)
    .map(({ track, index }) => {
      const delay = Math.round(track.startedAtMs - start);
      // async=1: a stretch with no packets (the host muted them) becomes silence, not a splice
      filters.push(
        `[${index}:a]asetpts=PTS-STARTPTS,atrim=duration=${seconds(track.durationMs)},aresample=48000:async=1:first_pts=0,adelay=${delay}:all=1[a${index}]`,
      );
      return `[a${index}]`;
    });
  // no normalisation: two people talking are not half as loud each; silence fills to the end
  const mixed =
    voices.length > 1
      ? `${voices.join('')}amix=inputs=${voices.length}:duration=longest:normalize=0,`
      : voices.length === 1
        ? voices[0]
        : null;
  filters.push(
    mixed === null
      ? `anullsrc=r=48000:cl=stereo,atrim=duration=${total}[a]`
      : `${mixed}apad,atrim=duration=${total}[a]`,
  );

  const codecs =
    format === 'webm'
      ? [
          '-c:v',
          'libvpx',
          '-deadline',
          'realtime',
          '-cpu-used',
          '16',
          '-b:v',
          '1200k',
          '-g',
          String(fps * 2),
          '-threads',
          '2',
          // VP8 encodes in parallel only across token partitions; no look-ahead in realtime mode.
          // Together about twice as fast here on a five-person panel (docs/architecture.md).
          '-slices',
          '4',
          '-lag-in-frames',
          '0',
          '-c:a',
          'libopus',
          '-b:a',
          '96k',
          '-f',
          'webm',
          '-cues_to_front',
          '1',
        ]
      : [
          '-c:v',
          'libx264',
          '-preset',
          'veryfast',
          '-crf',
          '23',
          '-g',
          String(fps * 2),
          '-pix_fmt',
          'yuv420p',
          '-c:a',
          'aac',
          '-b:a',
          '128k',
          '-f',
          'mp4',
          '-movflags',
          '+faststart',
        ];
  return [...inputs, '-filter_complex', filters.join(';'), '-map', '[v]', '-map', '[a]', ...codecs, '-y', output];
}

/** Makes the composite of a segment's tracks into `output` and reads back what it wrote. */
export async function compositeSegment(
  tracks: Track[],
  output: string,
  options: CompositeOptions = {},
): Promise<CompositeResult> {
  const tools = options.tools ?? defaultFfmpegTools;
  await runFfmpeg(tools, compositeArgs(tracks, output, options), options.signal);
  const probed = await probe(tools, output);
  return {
    file: output,
    durationMs: Math.round((probed.durationSeconds ?? 0) * 1000),
    startedAtMs: compositeTimeline(tracks, options.span).start,
    participants: [...new Set(tracks.map((t) => t.participantId))],
  };
}
