// The recording service with its real capture: media events drive the recorder (one ffmpeg per
// participant, listening for plain RTP), the feeds are RTP sent live by ffmpeg as an SFU's recorder
// feed would (a red picture with a 440 Hz tone for the host, blue with 880 Hz for the candidate), the
// composite job makes one WebM, the spool uploads it to the filesystem storage, and the segment turns
// ready. The file is then fetched through a signed playback URL and checked, not the status alone:
// its duration is the recorded stretch's (less the captures' start-up), both colours are in it side by side, both tones in
// its audio. The SFU's side of the feed (both engines) is covered by the engine contract suite.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { apiPaths, recordingNotice, type PlaybackUrlResponse, type RecordingListResponse } from '@candor/contracts';
import { compositeJob, createRecorder, segmentRecorder, type RequestFeed } from '@candor/recording';
import { probe, defaultFfmpegTools } from '@candor/recording/src/capture/ffmpeg';
import { useExclusive } from '../support/exclusive';
import {
  decodeAudio,
  frameColor,
  sendTestRtp,
  toneShare,
  type RtpSender,
  type TestMedia,
} from '../support/ffmpeg-media';
import { request } from '../support/http';
import { startRecordingHarness, type RecordingHarness } from '../support/recording';

jest.setTimeout(120_000);
useExclusive();

const media: Record<string, TestMedia> = {
  'host-1': { color: 'red', frequency: 440 },
  candidate: { color: 'blue', frequency: 880 },
};
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const senders: RtpSender[] = [];
const feed: RequestFeed = async (participantId, ports) => {
  const sender = sendTestRtp(ports, media[participantId]!);
  senders.push(sender);
  await sender.sending;
  return () => sender.stop();
};

let harness: RecordingHarness;
beforeAll(async () => {
  harness = await startRecordingHarness({
    capture: (dir) => ({
      recorder: segmentRecorder({ recorder: createRecorder({ logger: quiet }), dir, feedFor: () => feed }),
      composite: compositeJob(),
    }),
  });
});
afterAll(async () => {
  await Promise.all(senders.map((sender) => sender.stop()));
  await harness?.stop();
});

const paths = apiPaths.recording;
const isRed = ([r, g, b]: number[]) => r! > 150 && g! < 80 && b! < 80;
const isBlue = ([r, g, b]: number[]) => b! > 150 && r! < 80 && g! < 80;

it('records a host and a candidate into one ready composite with both pictures and both tones', async () => {
  const org = 'org-pipeline';
  const token = await harness.recruiterToken(org);
  const room = harness.room(org);
  await room.consent(recordingNotice);
  await room.hostJoins();
  await room.candidateJoins();
  await room.admit();
  await room.start();
  const startedAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  await room.stop();
  const recordedMs = Date.now() - startedAt;

  const recording = await harness.eventually(
    async () => {
      const list = (await request(harness.url, 'GET', paths.interviewRecordings(room.roomId), { token }))
        .body as RecordingListResponse;
      const first = list.recordings[0];
      return first && first.status !== 'recording' && first.status !== 'processing' ? first : undefined;
    },
    'the segment processed',
    90_000,
  );
  expect(recording).toMatchObject({ status: 'ready', interrupted: false, contentType: 'video/webm' });

  const { url } = (await request(harness.url, 'POST', paths.playbackUrl(recording.id), { token }))
    .body as PlaybackUrlResponse;
  const fetched = await fetch(harness.url + url);
  expect(fetched.status).toBe(200);
  const file = join(harness.root, 'played.webm');
  await writeFile(file, Buffer.from(await fetched.arrayBuffer()));

  const probed = await probe(defaultFfmpegTools, file);
  const seconds = probed.durationSeconds!;
  // The file begins when the captures did: after this suite's ffmpeg recorders came up and its ffmpeg
  // senders started (both spawn here, on a shared machine: up to a few seconds under load). What this
  // suite holds: never longer than what was recorded, and most of it there (the browser e2e holds the
  // tighter bound on the product's own path).
  const short = recordedMs - seconds * 1000;
  console.info(`recording pipeline: recorded ${recordedMs} ms, file ${Math.round(seconds * 1000)} ms`);
  expect({ recordedMs, fileMs: Math.round(seconds * 1000), plausible: short > -300 && short < 3_000 }).toMatchObject({
    plausible: true,
  });
  expect(recording.durationMs).toBe(Math.round(seconds * 1000));
  const video = probed.streams.find((stream) => stream.codecType === 'video')!;
  const width = video.width!;
  const height = video.height!;
  const at = seconds / 2;
  // one tile each, side by side (in the order their tracks started): one red, one blue
  const left = await frameColor(file, at, { x: width / 8, y: height / 4, w: width / 4, h: height / 2 });
  const right = await frameColor(file, at, { x: (5 * width) / 8, y: height / 4, w: width / 4, h: height / 2 });
  expect([left, right].map((rgb) => (isRed(rgb) ? 'red' : isBlue(rgb) ? 'blue' : rgb.join(','))).sort()).toEqual([
    'blue',
    'red',
  ]);
  const audio = await decodeAudio(file, at - 1, 2);
  expect(toneShare(audio, 440)).toBeGreaterThan(0.2);
  expect(toneShare(audio, 880)).toBeGreaterThan(0.2);
});
