// A composite job interrupted by the recording service stopping is run again by the next start.
// The segment's tracks are real WebM files (60 s of a test pattern each), the composite is the real
// ffmpeg job, the store PGlite, the storage the filesystem behind the real spool. The service is
// stopped while ffmpeg is compositing (a shutdown kills it, as a crash would), then a new instance on
// the same store and folders starts: the segment must become ready exactly once, with one complete
// composite under its one key.
import { compositeJob, probe, defaultFfmpegTools, recordingsStream, type CompositeJob } from '@candor/recording';
import { recordingNotice } from '@candor/contracts';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { useExclusive } from '../support/exclusive';
import { startRecordingHarness, type RecordingHarness } from '../support/recording';

jest.setTimeout(180_000);
useExclusive();

const sampleSeconds = 60;
const real = compositeJob();
/** every composite run: when it started, and how it ended */
const runs: { outcome: 'running' | 'done' | 'failed' }[] = [];
const watched: CompositeJob = {
  async make(input) {
    const run = { outcome: 'running' as 'running' | 'done' | 'failed' };
    runs.push(run);
    try {
      const made = await real.make(input);
      run.outcome = 'done';
      return made;
    } catch (error) {
      run.outcome = 'failed';
      throw error;
    }
  },
};

let harness: RecordingHarness;
beforeAll(async () => {
  harness = await startRecordingHarness({ composite: watched, sampleSeconds });
});
afterAll(async () => {
  await harness?.stop();
});

it('runs a composite the stopped service left unfinished again at the next start, and becomes ready once', async () => {
  const room = harness.room('org-resume');
  await room.consent(recordingNotice);
  await room.hostJoins();
  await room.candidateJoins();
  await room.admit();
  await room.start();
  await harness.eventually(async () => ((await room.segments())[0] ? true : undefined), 'the segment opened');
  await room.stop();

  // the first run is compositing (real ffmpeg, 60 s of two participants; it has begun writing its
  // output): stop the service under it
  const segmentId = (await room.segments())[0]!.id as string;
  const output = join(harness.root, 'work', segmentId, 'composite.webm');
  await harness.eventually(
    async () => (runs.length === 1 && (await stat(output).catch(() => null))?.size ? true : undefined),
    'the composite being written',
    30_000,
  );
  await harness.stopService();
  expect(runs.map((run) => run.outcome)).toEqual(['failed']); // ffmpeg was killed, not left to finish

  const stream = recordingsStream(room.roomId);
  const outcomes = async () =>
    (await harness.recordingStore.readStream(stream))
      .map((event) => event.type)
      .filter((type) => /RecordingReady|RecordingFailed/.test(type));
  expect(await outcomes()).toEqual([]);
  expect(await readdir(join(harness.root, 'work', 'jobs'))).toEqual([`${segmentId}.json`]);
  await sleep(500); // give a (wrongly) surviving job time to upload: nothing may reach the store
  expect(await harness.storage.list('org-resume/')).toEqual([]);

  expect(await harness.startServiceAgain()).toBe(1);
  const ready = await harness.eventually(
    async () => {
      const [segment] = await room.segments();
      return segment?.status === 'ready' ? segment : undefined;
    },
    'the resumed segment ready',
    150_000,
  );
  await harness.service.processing.settled();
  expect(runs.map((run) => run.outcome)).toEqual(['failed', 'done']);
  expect(await outcomes()).toEqual(['recording.RecordingReady.v1']);

  // one composite under the segment's key, complete: as long as the tracks
  const keys = await harness.storage.list(`org-resume/${room.roomId}/`);
  const composites = keys.filter((key) => key.includes('/composite.'));
  expect(composites).toEqual([ready.key]);
  expect(keys.filter((key) => key.includes('/tracks/'))).toHaveLength(2);
  const probed = await probe(defaultFfmpegTools, join(harness.storageRoot, 'objects', ...ready.key.split('/')));
  expect(Math.abs(probed.durationSeconds! - sampleSeconds)).toBeLessThan(0.5);
  // the job is done: its job file is gone, and a third start resumes nothing
  expect(await readdir(join(harness.root, 'work', 'jobs'))).toEqual([]);
  await harness.stopService();
  expect(await harness.startServiceAgain()).toBe(0);
  expect(await outcomes()).toEqual(['recording.RecordingReady.v1']);
});
