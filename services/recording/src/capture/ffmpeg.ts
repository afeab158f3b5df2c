// Every ffmpeg and ffprobe process the recording service runs goes through here (Debian's ffmpeg on
// PATH, or CANDOR_FFMPEG / CANDOR_FFPROBE given to the composition).
//
// What ffmpeg does on its own, and what this adapter does about it:
//   - The first SIGINT makes it finish cleanly (the muxer's trailer) but only once its main loop runs,
//     that is when a packet arrives: reading RTP that has stopped flowing, it waits. A second SIGINT
//     interrupts the read and exits at once, without the trailer. So a recorder is stopped while its
//     feed still flows, stop() sends SIGINT, a second one after a while, SIGKILL last; and the file
//     is remuxed afterwards in every case, so the trailer never matters.
//   - It cannot write a WebM header before it knows the video's dimensions, i.e. before the first
//     keyframe arrives; waiting for it is bounded by -analyzeduration (recordFromSdp).
//   - It writes to its output through a buffer: killed, it leaves what it had flushed. Recording runs
//     with packets flushed as they are muxed and short clusters (recordFromSdp), so a killed
//     recorder loses about half a second; `remux` then rewrites the file with Cues and a duration.
//   - It reports errors only on stderr: the last few KB are kept for the error that says why.
import { spawn, type ChildProcess } from 'node:child_process';

export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
}

export const defaultFfmpegTools: FfmpegTools = { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' };

export interface FfmpegExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface FfmpegProcess {
  readonly pid: number | undefined;
  /** settles when the process has exited (never rejects) */
  readonly exited: Promise<FfmpegExit>;
  readonly hasExited: boolean;
  /** the end of what it wrote to stderr */
  stderrTail(): string;
  /** SIGINT; again after `graceMs`; SIGKILL after twice that. Resolves with the exit. */
  stop(graceMs?: number): Promise<FfmpegExit>;
}

const tailBytes = 4096;

export function startFfmpeg(tools: FfmpegTools, args: string[]): FfmpegProcess {
  const child: ChildProcess = spawn(tools.ffmpeg, ['-hide_banner', '-nostdin', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-tailBytes);
  });
  let hasExited = false;
  const exited = new Promise<FfmpegExit>((resolve) => {
    child.once('error', (error) => {
      tail += `\n${error.message}`;
      hasExited = true;
      resolve({ code: null, signal: null });
    });
    child.once('close', (code, signal) => {
      hasExited = true;
      resolve({ code, signal });
    });
  });
  return {
    pid: child.pid,
    exited,
    get hasExited() {
      return hasExited;
    },
    stderrTail: () => tail,
    async stop(graceMs = 2000) {
      if (hasExited) return exited;
      child.kill('SIGINT');
      const timers = [
        setTimeout(() => child.kill('SIGINT'), graceMs),
        setTimeout(() => child.kill('SIGKILL'), 2 * graceMs),
      ];
      const exit = await exited;
      timers.forEach(clearTimeout);
      return exit;
    },
  };
}

/** Runs ffmpeg to completion; rejects with the end of its stderr when it fails or `signal` aborts it. */
export async function runFfmpeg(tools: FfmpegTools, args: string[], signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const process = startFfmpeg(tools, ['-loglevel', 'error', ...args]);
  const kill = () => void process.stop(500);
  signal?.addEventListener('abort', kill, { once: true });
  const exit = await process.exited.finally(() => signal?.removeEventListener('abort', kill));
  signal?.throwIfAborted();
  if (exit.code !== 0)
    throw new Error(`ffmpeg failed (${exit.signal ?? `exit ${exit.code}`}): ${process.stderrTail().trim()}`);
}

export interface ProbedStream {
  index: number;
  codecType: 'audio' | 'video' | string;
  codecName: string;
  width?: number;
  height?: number;
  /** packets read (ffprobe -count_packets) */
  packets: number;
}

export interface ProbedFile {
  format: string;
  /** seconds, or null when the file does not say (a recording cut short before its remux) */
  durationSeconds: number | null;
  streams: ProbedStream[];
}

/** What ffprobe reads from a file (it reads the whole file to count packets). */
export async function probe(tools: FfmpegTools, file: string): Promise<ProbedFile> {
  const args = ['-v', 'error', '-count_packets', '-show_streams', '-show_format', '-of', 'json', file];
  const child = spawn(tools.ffprobe, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err = (err + chunk).slice(-tailBytes)));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`ffprobe could not read ${file}: ${err.trim()}`);
  const json = JSON.parse(out) as {
    format?: { format_name?: string; duration?: string };
    streams?: {
      index: number;
      codec_type: string;
      codec_name: string;
      width?: number;
      height?: number;
      nb_read_packets?: string;
    }[];
  };
  const duration = Number(json.format?.duration);
  return {
    format: json.format?.format_name ?? '',
    durationSeconds: Number.isFinite(duration) ? duration : null,
    streams: (json.streams ?? []).map((s) => ({
      index: s.index,
      codecType: s.codec_type,
      codecName: s.codec_name,
      ...(s.width ? { width: s.width, height: s.height } : {}),
      packets: Number(s.nb_read_packets ?? 0),
    })),
  };
}

/**
 * How long ffmpeg may read before writing the header. It stops as soon as it has decoded what it
 * needs (real VP8 and Opus: the first keyframe); media it cannot decode keeps it reading this long.
 */
export const defaultRecorderProbeMs = 30_000;

/** How long a WebM cluster may grow while recording: what a killed recorder can lose at most. */
export const recordingClusterMs = 500;

/**
 * Records the RTP an SDP describes into WebM without re-encoding. Packets are flushed as muxed and
 * clusters kept short, so the file on disk is playable up to the last cluster at any moment.
 */
export function recordFromSdp(
  tools: FfmpegTools,
  sdpFile: string,
  rawFile: string,
  probeMs = defaultRecorderProbeMs,
): FfmpegProcess {
  return startFfmpeg(tools, [
    '-loglevel',
    'warning',
    '-protocol_whitelist',
    'file,udp,rtp',
    // wait for the first packet without a limit (the SDP demuxer's default gives up after 10 s): a
    // spare ffmpeg (listeners.ts) may listen for minutes before a track takes it
    '-listen_timeout',
    '-1',
    // the header needs the video's size, from its first keyframe: wait for it (packets that arrive
    // meanwhile are kept); a feed without video by then ends the track, interrupted
    '-analyzeduration',
    String(probeMs * 1000),
    '-probesize',
    '50000000',
    // and nothing more: not a second of frames to guess the frame rate (WebM needs none), so the
    // header, and with it the first cluster on disk, comes with the first keyframe
    '-fpsprobesize',
    '0',
    '-i',
    sdpFile,
    '-map',
    '0',
    '-c',
    'copy',
    '-f',
    'webm',
    '-cluster_time_limit',
    String(recordingClusterMs),
    '-flush_packets',
    '1',
    '-y',
    rawFile,
  ]);
}

/** Rewrites a recording (finished or cut short) as a complete WebM: Cues for seeking, a duration. */
export function remux(tools: FfmpegTools, rawFile: string, file: string): Promise<void> {
  return runFfmpeg(tools, ['-i', rawFile, '-map', '0', '-c', 'copy', '-f', 'webm', '-y', file]);
}
