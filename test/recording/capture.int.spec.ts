// The recorder against real ffmpeg: RTP sent live by ffmpeg (VP8 + Opus, the payload types every SFU
// engine feeds a recorder) is captured per participant without re-encoding, and every track ends up
// a complete WebM, also when the recorder's ffmpeg is killed mid-recording.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probe, defaultFfmpegTools } from '@candor/recording/src/capture/ffmpeg';
import { createRecorder } from '@candor/recording/src/capture/recorder';
import type { RequestFeed } from '@candor/recording/src/capture/types';
import { sleep, waitUntil } from '../contracts/helpers';
import { sendTestRtp, type RtpSender, type TestMedia } from '../support/ffmpeg-media';
import { useExclusive } from '../support/exclusive';

jest.setTimeout(60_000);
// real time: ffmpeg encodes and sends live media for the recorder; one such suite at a time
useExclusive();

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const media: Record<string, TestMedia> = {
  alice: { color: 'red', frequency: 440 },
  bob: { color: 'blue', frequency: 880 },
};

/** A feed the way the media service gives one: RTP to the recorder's ports until stopped. */
function feeds() {
  const senders: RtpSender[] = [];
  const requested: string[] = [];
  const senderOf = new Map<string, RtpSender>();
  const feed: RequestFeed = async (participantId, ports) => {
    requested.push(participantId);
    const sender = sendTestRtp(ports, media[participantId]!);
    senders.push(sender);
    await sender.sending; // as from an SFU: media flows when the feed has started
    senderOf.set(participantId, sender);
    return () => sender.stop();
  };
  return { feed, requested, senderOf, stopAll: () => Promise.all(senders.map((s) => s.stop())) };
}

/** Waits until each named participant's sender has sent `ms` of media (ffmpeg falls behind the clock on a loaded machine). */
const sentAtLeast = (senders: Map<string, RtpSender>, ids: string[], ms: number) =>
  waitUntil(
    `${ids.join(' and ')} sent ${ms} ms of media`,
    () => ids.every((id) => (senders.get(id)?.sentMs() ?? 0) >= ms),
    60_000,
  );

const newDir = () => mkdtempSync(join(tmpdir(), 'candor-capture-'));

test('two participants: one WebM each with their VP8 video and Opus audio, as long as they were recorded', async () => {
  const { feed, requested, senderOf, stopAll } = feeds();
  const recorder = createRecorder({ logger });
  const dir = newDir();
  try {
    const capture = await recorder.startSegment({
      segmentId: 's1',
      roomId: 'r1',
      dir,
      participants: ['alice', 'bob'],
      feed,
    });
    expect(capture.recording.sort()).toEqual(['alice', 'bob']);
    await sentAtLeast(senderOf, ['alice', 'bob'], 3000);
    const sentMs = new Map([...senderOf].map(([id, sender]) => [id, sender.sentMs()]));
    const segment = await capture.stop();
    expect(await capture.stop()).toBe(segment); // idempotent
    expect(requested.sort()).toEqual(['alice', 'bob']);
    expect(segment.interrupted).toBe(false);
    expect(segment.tracks.map((t) => t.participantId).sort()).toEqual(['alice', 'bob']);
    for (const track of segment.tracks) {
      const file = await probe(defaultFfmpegTools, track.file);
      expect(file.format).toContain('webm');
      expect(file.streams.map((s) => `${s.codecType}:${s.codecName}`).sort()).toEqual(['audio:opus', 'video:vp8']);
      expect(track).toMatchObject({ hasVideo: true, hasAudio: true, interrupted: false });
      // all that was sent until the stop, give or take a progress report and a frame
      expect(Math.abs(track.durationMs - sentMs.get(track.participantId)!)).toBeLessThan(1000);
      expect(track.durationMs).toBeGreaterThan(1500);
    }
    // only the finished files are left: no raw recordings, SDPs beside them
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.webm'))
        .sort(),
    ).toEqual(['alice-1.webm', 'bob-1.webm']);
  } finally {
    await stopAll();
  }
});

test('a participant who joins late and one who leaves and returns: a track per stretch', async () => {
  const { feed, senderOf, stopAll } = feeds();
  const recorder = createRecorder({ logger });
  try {
    const capture = await recorder.startSegment({
      segmentId: 's2',
      roomId: 'r1',
      dir: newDir(),
      participants: ['alice'],
      feed,
    });
    await sentAtLeast(senderOf, ['alice'], 1500);
    await capture.addParticipant('bob');
    await capture.addParticipant('bob'); // already recording: nothing new
    await sentAtLeast(senderOf, ['bob'], 1500);
    await capture.removeParticipant('alice');
    expect(capture.recording).toEqual(['bob']);
    await capture.addParticipant('alice'); // a new sender: its media time starts again
    await sentAtLeast(senderOf, ['alice'], 1500);
    const segment = await capture.stop();
    expect(segment.tracks.map((t) => t.participantId)).toEqual(['alice', 'bob', 'alice']);
    const [first, bob, second] = segment.tracks;
    expect(bob!.startedAtMs).toBeGreaterThan(first!.startedAtMs + 1000);
    expect(second!.startedAtMs).toBeGreaterThanOrEqual(first!.endedAtMs);
    expect(second!.file).not.toBe(first!.file);
    await expect(capture.addParticipant('carol')).rejects.toThrow(/stopped/);
  } finally {
    await stopAll();
  }
});

test('a recorder ffmpeg killed mid-recording leaves a playable file of what it captured; the segment is interrupted', async () => {
  const { feed, senderOf, stopAll } = feeds();
  const recorder = createRecorder({ logger });
  const dir = newDir();
  const interrupted: string[] = [];
  try {
    const capture = await recorder.startSegment({
      segmentId: 's3',
      roomId: 'r1',
      dir,
      participants: ['alice', 'bob'],
      feed,
      onTrackInterrupted: (participantId) => interrupted.push(participantId),
    });
    await sentAtLeast(senderOf, ['alice', 'bob'], 3000);
    // alice's recorder, found by its raw file's name, dies the hard way
    const pid = Number(
      execFileSync('pgrep', ['-f', join(dir, 'alice-1.rec.webm')])
        .toString()
        .trim()
        .split('\n')[0],
    );
    process.kill(pid, 'SIGKILL');
    const sentMs = senderOf.get('alice')!.sentMs();
    const bobAtKill = senderOf.get('bob')!.sentMs();
    await waitUntil('the recorder notices', () => interrupted.length > 0);
    expect(interrupted).toEqual(['alice']);
    expect(capture.recording).toEqual(['bob']);
    await sentAtLeast(senderOf, ['bob'], bobAtKill + 1000);
    const segment = await capture.stop();
    expect(segment.interrupted).toBe(true);
    const alice = segment.tracks.find((t) => t.participantId === 'alice')!;
    const bob = segment.tracks.find((t) => t.participantId === 'bob')!;
    expect(alice).toMatchObject({ interrupted: true, hasVideo: true, hasAudio: true });
    expect(bob.interrupted).toBe(false);
    const file = await probe(defaultFfmpegTools, alice.file);
    expect(file.streams.map((s) => s.codecName).sort()).toEqual(['opus', 'vp8']);
    // what had been sent to it up to the kill, less at most the cluster it was writing
    expect(file.durationSeconds).not.toBeNull();
    expect(Math.abs(file.durationSeconds! * 1000 - sentMs)).toBeLessThan(1000);
    expect(bob.durationMs).toBeGreaterThan(alice.durationMs + 500);
  } finally {
    await stopAll();
  }
});

test('a feed that cannot be had: addParticipant rejects, and its ffmpeg and ports are let go', async () => {
  const recorder = createRecorder({ logger });
  const dir = newDir();
  const refused: RequestFeed = async () => {
    throw new Error('recording is off');
  };
  const capture = await recorder.startSegment({
    segmentId: 's4',
    roomId: 'r1',
    dir,
    participants: ['alice'],
    feed: refused,
  });
  expect(capture.recording).toEqual([]);
  await expect(capture.addParticipant('bob')).rejects.toThrow(/recording is off/);
  expect(() => execFileSync('pgrep', ['-f', dir])).toThrow(); // no ffmpeg left for this segment
  expect((await capture.stop()).tracks).toEqual([]);
});

/** The spares' ffmpegs listening in `dir` now: pid → its video port (from its SDP). */
function sparesIn(dir: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.pid'))) {
    const pid = Number(readFileSync(join(dir, name), 'utf8'));
    const sdp = readFileSync(join(dir, name.replace(/\.pid$/, '.sdp')), 'utf8');
    found.set(pid, Number(/m=video (\d+)/.exec(sdp)![1]));
  }
  return found;
}
const alive = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');

test('spares: tracks take ffmpegs already listening, the pool refills, close and a later pool stop them', async () => {
  const { feed, senderOf, stopAll } = feeds();
  const sparesDir = join(newDir(), 'spares');
  const recorder = createRecorder({ logger, spares: { dir: sparesDir, count: 2 } });
  const asked: number[] = [];
  const watchedFeed: RequestFeed = (participantId, ports) => {
    asked.push(ports.videoPort);
    return feed(participantId, ports);
  };
  try {
    await waitUntil('two spares listening', () => existsSync(sparesDir) && sparesIn(sparesDir).size === 2, 30_000);
    const first = sparesIn(sparesDir);
    // idle longer than the SDP demuxer's default wait for a first packet (10 s): still the same ones
    await sleep(11_000);
    expect([...sparesIn(sparesDir).keys()].sort()).toEqual([...first.keys()].sort());
    expect([...first.keys()].every(alive)).toBe(true);
    const capture = await recorder.startSegment({
      segmentId: 's-spares',
      roomId: 'r1',
      dir: newDir(),
      participants: ['alice', 'bob'],
      feed: watchedFeed,
    });
    // both feeds went to the spares' ports: no ffmpeg was started for them
    expect(asked.sort()).toEqual([...first.values()].sort());
    await sentAtLeast(senderOf, ['alice', 'bob'], 2000);
    const sentMs = senderOf.get('alice')!.sentMs();
    const segment = await capture.stop();
    expect(segment.tracks.map((t) => [t.participantId, t.hasVideo, t.hasAudio]).sort()).toEqual([
      ['alice', true, true],
      ['bob', true, true],
    ]);
    const alice = segment.tracks.find((t) => t.participantId === 'alice')!;
    expect(Math.abs(alice.durationMs - sentMs)).toBeLessThan(1000);
    // the pool made two new ones; the taken ones' files are gone with their tracks
    await waitUntil('two fresh spares', () => sparesIn(sparesDir).size === 2, 30_000);
    const second = sparesIn(sparesDir);
    expect([...second.keys()].some((pid) => first.has(pid))).toBe(false);
    // (idle spares have written nothing yet; the taken ones' raw files and SDPs went with their tracks)
    expect(readdirSync(sparesDir).filter((f) => f.endsWith('.webm'))).toEqual([]);
    expect(readdirSync(sparesDir).filter((f) => f.endsWith('.sdp'))).toHaveLength(2);

    // a process that died leaves its spares: the next pool on the folder stops them
    const next = createRecorder({ logger, spares: { dir: sparesDir, count: 1 } });
    await waitUntil('the old spares stopped', () => [...second.keys()].every((pid) => !alive(pid)), 30_000);
    await waitUntil('the new pool listening', () => existsSync(sparesDir) && sparesIn(sparesDir).size === 1, 30_000);
    const third = sparesIn(sparesDir);
    await next.close();
    expect([...third.keys()].every((pid) => !alive(pid))).toBe(true);
    expect(readdirSync(sparesDir)).toEqual([]);
  } finally {
    await recorder.close();
    await stopAll();
  }
});
