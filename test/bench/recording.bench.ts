// `npm run bench:recording` (part of `npm run bench`): what recording costs on this machine.
//   1. Recorder CPU per recorded participant on the copy path: N participants' VP8 + Opus RTP (sent
//      live by ffmpeg, ~300 kbit/s of 320x240 video + Opus) recorded by the recorder for a while; the
//      CPU time of the recorder's own ffmpeg processes (read from /proc, so the senders' encoding is
//      not counted), per participant, as a share of one core.
//   2. The composite job's speed (× real time) on two 640x480 participants, WebM (VP8 + Opus, what it
//      produces) and MP4 (H.264 + AAC, the alternative), against ffmpeg run directly with the same
//      arguments as the baseline (what the job adds: probing its output, the Node process around it).
// Written to bench-results-recording.json and printed. The machine is shared: read the numbers as
// this machine on this day, and compare the job with its baseline from the same run.
//
//   BENCH_PARTICIPANTS (2)   recorded at once in part 1
//   BENCH_RECORD_SECONDS (10)
//   BENCH_COMPOSITE_SECONDS (30)   length of the composite's inputs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compositeArgs, compositeSegment } from '@candor/recording/src/capture/composite';
import { createRecorder } from '@candor/recording/src/capture/recorder';
import { REPO_ROOT } from '../support/infra';
import { makeTestRecording, sendTestRtp, type RtpSender } from '../support/ffmpeg-media';

const participants = Number(process.env.BENCH_PARTICIPANTS ?? 2);
const recordSeconds = Number(process.env.BENCH_RECORD_SECONDS ?? 10);
const compositeSeconds = Number(process.env.BENCH_COMPOSITE_SECONDS ?? 30);
const ticksPerSecond = 100; // USER_HZ

/** utime + stime of the processes whose command line contains `marker`, in CPU seconds. */
function cpuOf(marker: string): number {
  let ticks = 0;
  const out = execFileSync('pgrep', ['-f', marker]).toString().trim();
  for (const pid of out.split('\n').filter(Boolean)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / ticksPerSecond;
}

async function recorderCpu(dir: string) {
  const recorder = createRecorder({ logger: { info: () => undefined, warn: console.warn, error: console.error } });
  const senders: RtpSender[] = [];
  const ids = Array.from({ length: participants }, (_, i) => `p${i}`);
  const segmentDir = join(dir, 'segment');
  const capture = await recorder.startSegment({
    segmentId: 'bench',
    roomId: 'bench',
    dir: segmentDir,
    participants: ids,
    feed: async (participantId, ports) => {
      const sender = sendTestRtp(ports, { color: 'red', frequency: 440 }, recordSeconds + 30);
      senders.push(sender);
      await sender.sending;
      return () => sender.stop();
    },
  });
  await new Promise((resolve) => setTimeout(resolve, 2000)); // past the start-up probing
  const before = cpuOf(`${segmentDir}/`);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, recordSeconds * 1000));
  const cpuSeconds = cpuOf(`${segmentDir}/`) - before;
  const wallSeconds = (performance.now() - started) / 1000;
  const segment = await capture.stop();
  await Promise.all(senders.map((s) => s.stop()));
  return {
    participants,
    wallSeconds: round(wallSeconds),
    recorderCpuSeconds: round(cpuSeconds),
    coreSharePerParticipant: round(cpuSeconds / wallSeconds / participants, 4),
    tracks: segment.tracks.length,
  };
}

async function compositeSpeed(dir: string) {
  await Promise.all([
    makeTestRecording(join(dir, 'a.webm'), { color: 'red', frequency: 440, size: '640x480' }, compositeSeconds),
    makeTestRecording(join(dir, 'b.webm'), { color: 'blue', frequency: 880, size: '640x480' }, compositeSeconds),
  ]);
  const tracks = ['a', 'b'].map((id) => ({
    participantId: id,
    file: join(dir, `${id}.webm`),
    startedAtMs: 0,
    durationMs: compositeSeconds * 1000,
    hasVideo: true,
    hasAudio: true,
  }));
  const results: Record<string, { jobXRealTime: number; ffmpegXRealTime: number }> = {};
  for (const format of ['webm', 'mp4'] as const) {
    const direct = performance.now();
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      ...compositeArgs(tracks, join(dir, `direct.${format}`), { format }),
    ]);
    const directSeconds = (performance.now() - direct) / 1000;
    const job = performance.now();
    await compositeSegment(tracks, join(dir, `job.${format}`), { format });
    const jobSeconds = (performance.now() - job) / 1000;
    results[format] = {
      jobXRealTime: round(compositeSeconds / jobSeconds),
      ffmpegXRealTime: round(compositeSeconds / directSeconds),
    };
  }
  return { inputs: '2 × 640x480 30 fps VP8 + Opus', seconds: compositeSeconds, ...results };
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'candor-bench-recording-'));
  try {
    const machine = { cpus: cpus().length, model: cpus()[0]?.model, loadAverageAtStart: loadavg()[0] };
    const recorder = await recorderCpu(dir);
    const composite = await compositeSpeed(dir);
    const results = { machine, recorder, composite, at: new Date().toISOString() };
    writeFileSync(join(REPO_ROOT, 'bench-results-recording.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(JSON.stringify(results, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
