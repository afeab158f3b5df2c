// The recording service's process dying in the middle of a segment. Its capture runs in a child
// process (test/recording/capture-process.ts: the real recorder with spares, real ffmpeg fed live RTP
// — host red/440 Hz, candidate blue/880 Hz — by senders that outlive it, as the media service goes on
// feeding a recorder it does not know is dead). The host starts recording; once both captures have
// media the child is SIGKILLed and the service instance stopped; a new instance (an in-process
// recorder on the same folder) starts while the room still records, and the host then stops.
// What must hold: the segment becomes ready and is marked interrupted; what the dead process captured
// is kept (each participant's first stored track is at least as long as what was sent to it before
// the kill, less one cluster) and recording went on into the same segment (a second track each); the
// composite fetched through a signed URL shows both colours before the kill and after the restart,
// and both tones; no ffmpeg the dead process left is still running.
import { fork, execFileSync, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { apiPaths, recordingNotice, type PlaybackUrlResponse, type RecordingListResponse } from '@candor/contracts';
import {
  compositeJob,
  createRecorder,
  segmentRecorder,
  type Recorder,
  type RequestFeed,
  type SegmentRecorder,
} from '@candor/recording';
import { probe, defaultFfmpegTools } from '@candor/recording/src/capture/ffmpeg';
import { waitUntil } from '../contracts/helpers';
import { useExclusive } from '../support/exclusive';
import { REPO_ROOT } from '../support/infra';
import { decodeAudio, frameColor, sendTestRtp, toneShare, type RtpSender, type TestMedia } from '../support/ffmpeg-media';
import { request } from '../support/http';
import { startRecordingHarness, type RecordingHarness } from '../support/recording';

jest.setTimeout(420_000);
// real time: ffmpeg recorders and senders; one such suite at a time
useExclusive();

// small pictures: the suite runs four live VP8 encoders and a composite on a shared machine
const media: Record<string, TestMedia> = {
  'host-1': { color: 'red', frequency: 440, size: '160x120' },
  candidate: { color: 'blue', frequency: 880, size: '160x120' },
};
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const isRed = ([r, g, b]: number[]) => r! > 150 && g! < 80 && b! < 80;
const isBlue = ([r, g, b]: number[]) => b! > 150 && r! < 80 && g! < 80;
const colourOf = (rgb: number[]) => (isRed(rgb) ? 'red' : isBlue(rgb) ? 'blue' : rgb.join(','));
const began = Date.now();
/** where the suite is, for a failure's why (it runs for a minute or two) */
const step = (what: string) => console.info(`recording crash: ${((Date.now() - began) / 1000).toFixed(1)} s ${what}`);

/** ffmpegs whose command line names `dir` (the recorders and spares of either process). */
function ffmpegsIn(dir: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', dir]).toString().trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep: none
  }
}

let harness: RecordingHarness;
let captureDir = '';
let child: ChildProcess | undefined;
let nextRecorder: Recorder | undefined;
const senders: RtpSender[] = [];

/** Requests to the capture process awaiting its answer (how much media each participant's sender has sent). */
const pending = new Map<number, { resolve: (sentMs: Record<string, number>) => void; reject: (error: Error) => void }>();
let asked = 0;
function ask(message: object): Promise<Record<string, number>> {
  const id = ++asked;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    child!.send({ ...message, id });
  });
}

/** The first instance's recorder: the capture process, asked over IPC (it is killed before any stop). */
const remoteRecorder: SegmentRecorder = {
  start: async (segment) => void (await ask({ type: 'start', segment })),
  addParticipant: async () => undefined,
  removeParticipant: async () => undefined,
  interrupted: () => false,
  stop: async () => null,
};

beforeAll(async () => {
  harness = await startRecordingHarness({
    capture: (dir) => {
      captureDir = dir;
      return { recorder: remoteRecorder, composite: compositeJob() };
    },
  });
  child = fork(join(__dirname, '..', 'recording', 'capture-process.ts'), [], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, CAPTURE_DIR: captureDir },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child!.on('message', (raw) => {
      const message = raw as { type: string; id?: number; sentMs?: Record<string, number> };
      if (message.type === 'ready') resolve();
      if (message.type === 'done') pending.get(message.id!)?.resolve(message.sentMs!);
      pending.delete(message.id!);
    });
    child!.once('exit', (code, signal) => {
      const error = new Error(`the capture process exited (${signal ?? code})`);
      reject(error);
      for (const waiting of pending.values()) waiting.reject(error);
    });
  });
}, 180_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(senders.map((sender) => sender.stop()));
  await nextRecorder?.close();
  await harness?.stop();
});

it('a process killed mid-segment: what it captured is kept, recording goes on after the restart, the segment is ready and interrupted', async () => {
  const org = 'org-crash';
  const token = await harness.recruiterToken(org);
  const room = harness.room(org);
  await room.consent(recordingNotice);
  await room.hostJoins();
  await room.candidateJoins();
  await room.admit();
  await room.start();
  step('recording started');

  // both captures in the first process have had 3 s of media
  let sentBeforeKill: Record<string, number> = {};
  await waitUntil(
    'both participants captured for 2 s by the first process',
    async () => {
      sentBeforeKill = await ask({ type: 'sent' });
      return ['host-1', 'candidate'].every((id) => (sentBeforeKill[id] ?? 0) >= 2_000);
    },
    60_000,
  );
  const exited = new Promise((resolve) => child!.once('exit', resolve));
  child!.kill('SIGKILL');
  step('capture process killed');
  await exited;
  await harness.stopService();
  // the dead process's recorders are still running (nothing kills a child with its parent)
  expect(ffmpegsIn(captureDir).length).toBeGreaterThan(0);

  // a new process on the same folders, while the room still records
  nextRecorder = createRecorder({ logger: quiet, spares: { dir: join(captureDir, 'spares'), count: 1 } });
  const sendersNow = new Map<string, RtpSender>();
  const feed: RequestFeed = async (participantId, ports) => {
    const sender = sendTestRtp(ports, media[participantId]!);
    senders.push(sender);
    sendersNow.set(participantId, sender);
    await sender.sending;
    return () => sender.stop();
  };
  const taken = await harness.startServiceAgain({
    recorder: segmentRecorder({ recorder: nextRecorder, dir: captureDir, feedFor: () => feed }),
    composite: compositeJob(),
  });
  expect(taken).toBe(1);
  step('restarted');
  await waitUntil(
    'both participants captured for 2.5 s after the restart',
    () => ['host-1', 'candidate'].every((id) => (sendersNow.get(id)?.sentMs() ?? 0) >= 2_500),
    60_000,
  );
  await room.stop();
  step('recording stopped');

  const recording = await harness.eventually(
    async () => {
      const list = (await request(harness.url, 'GET', apiPaths.recording.interviewRecordings(room.roomId), { token }))
        .body as RecordingListResponse;
      const first = list.recordings[0];
      return first && first.status !== 'recording' && first.status !== 'processing' ? first : undefined;
    },
    'the segment processed',
    300_000,
  ).catch((error: unknown) => {
    console.error(harness.logLines.slice(-40).join(''));
    throw error;
  });
  step('segment processed');
  expect(list(recording)).toEqual({ index: 1, status: 'ready', interrupted: true, failure: null });
  await nextRecorder.close();
  // nothing of either process is left running in the capture folder
  expect(ffmpegsIn(captureDir)).toEqual([]);

  // two tracks per participant: the one the dead process captured, and the one after the restart
  const keys = (await harness.storage.list(`${org}/${room.roomId}/${recording.id}/tracks/`)).map((key) =>
    key.slice(key.lastIndexOf('/') + 1),
  );
  expect(keys.sort()).toEqual(['candidate-1.webm', 'candidate-2.webm', 'host-1-1.webm', 'host-1-2.webm']);
  for (const participantId of ['host-1', 'candidate']) {
    const stored = join(harness.storageRoot, 'objects', org, room.roomId, recording.id, 'tracks', `${participantId}-1.webm`);
    const probed = await probe(defaultFfmpegTools, stored);
    expect(probed.streams.map((s) => s.codecName).sort()).toEqual(['opus', 'vp8']);
    // all that was sent before the kill (the orphaned recorder went on until the restart stopped it), less a cluster
    const kept = { participantId, sentBeforeKillMs: Math.round(sentBeforeKill[participantId]!), trackMs: Math.round(probed.durationSeconds! * 1000) };
    expect({ ...kept, keptAll: kept.trackMs >= kept.sentBeforeKillMs - 1_000 }).toEqual({ ...kept, keptAll: true });
  }

  // the composite, through a signed URL: both pictures before the kill and after the restart, both tones
  const { url } = (await request(harness.url, 'POST', apiPaths.recording.playbackUrl(recording.id), { token }))
    .body as PlaybackUrlResponse;
  const fetched = await fetch(harness.url + url);
  expect(fetched.status).toBe(200);
  const file = join(harness.root, 'crash-composite.webm');
  await writeFile(file, Buffer.from(await fetched.arrayBuffer()));
  const probed = await probe(defaultFfmpegTools, file);
  const seconds = probed.durationSeconds!;
  const video = probed.streams.find((stream) => stream.codecType === 'video')!;
  const [w, h] = [video.width!, video.height!];
  for (const at of [1.5, seconds - 1]) {
    const left = await frameColor(file, at, { x: w / 8, y: h / 4, w: w / 4, h: h / 2 });
    const right = await frameColor(file, at, { x: (5 * w) / 8, y: h / 4, w: w / 4, h: h / 2 });
    expect({ at, colours: [colourOf(left), colourOf(right)].sort() }).toEqual({ at, colours: ['blue', 'red'] });
  }
  const audio = await decodeAudio(file, 1, 1.5);
  expect(toneShare(audio, 440)).toBeGreaterThan(0.1);
  expect(toneShare(audio, 880)).toBeGreaterThan(0.1);
});

const list = ({ index, status, interrupted, failure }: { index: number; status: string; interrupted: boolean; failure: string | null }) => ({
  index,
  status,
  interrupted,
  failure,
});
