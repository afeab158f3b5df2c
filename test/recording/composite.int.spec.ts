// The composite of a segment, made by real ffmpeg from real VP8 + Opus tracks (a red picture with a
// 440 Hz tone, a blue one with 880 Hz, joining 2 s late): both colours side by side, black where a
// participant was not there yet, both tones mixed, only the first before the second joined, and the
// file as long as the segment, seekable (Cues in front).
import { mkdtempSync, openSync, readSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compositeSegment } from '@candor/recording/src/capture/composite';
import { defaultFfmpegTools, probe } from '@candor/recording/src/capture/ffmpeg';
import { decodeAudio, frameColor, makeTestRecording, toneShare } from '../support/ffmpeg-media';

jest.setTimeout(120_000);

const dir = mkdtempSync(join(tmpdir(), 'candor-composite-'));
const t0 = Date.UTC(2026, 0, 1, 10);
const tile = { width: 320, height: 240 };

const isRed = ([r, g, b]: number[]) => r! > 180 && g! < 70 && b! < 70;
const isBlue = ([r, g, b]: number[]) => b! > 180 && r! < 70 && g! < 70;
const isBlack = ([r, g, b]: number[]) => r! < 40 && g! < 40 && b! < 40;

beforeAll(async () => {
  await Promise.all([
    makeTestRecording(join(dir, 'alice.webm'), { color: 'red', frequency: 440 }, 6),
    makeTestRecording(join(dir, 'bob.webm'), { color: 'blue', frequency: 880 }, 4),
  ]);
});

const tracks = () => [
  {
    participantId: 'alice',
    file: join(dir, 'alice.webm'),
    startedAtMs: t0,
    durationMs: 6000,
    hasVideo: true,
    hasAudio: true,
  },
  {
    participantId: 'bob',
    file: join(dir, 'bob.webm'),
    startedAtMs: t0 + 2000,
    durationMs: 4000,
    hasVideo: true,
    hasAudio: true,
  },
];

test('two participants side by side, the late one black until they joined; both tones mixed; as long as the segment', async () => {
  const output = join(dir, 'composite.webm');
  const result = await compositeSegment(tracks(), output, { tile });
  expect(result.participants).toEqual(['alice', 'bob']);
  expect(result.startedAtMs).toBe(t0);

  const file = await probe(defaultFfmpegTools, output);
  expect(file.format).toContain('webm');
  expect(file.streams.map((s) => `${s.codecType}:${s.codecName}`).sort()).toEqual(['audio:opus', 'video:vp8']);
  expect(file.streams.find((s) => s.codecType === 'video')).toMatchObject({
    width: 2 * tile.width,
    height: tile.height,
  });
  expect(Math.abs(file.durationSeconds! - 6)).toBeLessThanOrEqual(1);

  const left = { x: 40, y: 40, w: tile.width - 80, h: tile.height - 80 };
  const right = { ...left, x: tile.width + 40 };
  // before bob joined: alice red, bob's tile black
  expect(isRed(await frameColor(output, 1, left))).toBe(true);
  expect(isBlack(await frameColor(output, 1, right))).toBe(true);
  // both there
  expect(isRed(await frameColor(output, 4, left))).toBe(true);
  expect(isBlue(await frameColor(output, 4, right))).toBe(true);

  const before = await decodeAudio(output, 0.3, 1.4);
  expect(toneShare(before, 440)).toBeGreaterThan(0.5);
  expect(toneShare(before, 880)).toBeLessThan(0.05);
  const both = await decodeAudio(output, 3, 2.5);
  expect(toneShare(both, 440)).toBeGreaterThan(0.2);
  expect(toneShare(both, 880)).toBeGreaterThan(0.2);
  expect(toneShare(both, 660)).toBeLessThan(0.05); // a frequency nobody sent: the measure can say no

  // Cues (0x1C53BB6B) come before the first Cluster (0x1F43B675): a player seeks without reading the end
  const head = Buffer.alloc(64 * 1024);
  const fd = openSync(output, 'r');
  readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const cues = head.indexOf(Buffer.from([0x1c, 0x53, 0xbb, 0x6b]));
  const cluster = head.indexOf(Buffer.from([0x1f, 0x43, 0xb6, 0x75]));
  expect(cues).toBeGreaterThan(0);
  expect(cues).toBeLessThan(cluster);
});

test('a participant who left and came back keeps one tile, black while away', async () => {
  const output = join(dir, 'returned.webm');
  const [alice, bob] = tracks();
  // alice: 0–2 s, away, then 4–6 s (the same file's first 2 s, again)
  const result = await compositeSegment(
    [{ ...alice!, durationMs: 2000 }, bob!, { ...alice!, startedAtMs: t0 + 4000, durationMs: 2000 }],
    output,
    { tile },
  );
  expect(result.participants).toEqual(['alice', 'bob']);
  const file = await probe(defaultFfmpegTools, output);
  expect(file.streams.find((s) => s.codecType === 'video')).toMatchObject({ width: 2 * tile.width });
  expect(Math.abs(file.durationSeconds! - 6)).toBeLessThanOrEqual(1);
  const left = { x: 40, y: 40, w: tile.width - 80, h: tile.height - 80 };
  expect(isRed(await frameColor(output, 1, left))).toBe(true);
  expect(isBlack(await frameColor(output, 3, left))).toBe(true);
  expect(isRed(await frameColor(output, 5, left))).toBe(true);
});

test("the segment's span is the timeline: black and silence before the captures began, cut at the stop", async () => {
  const output = join(dir, 'spanned.webm');
  // the host pressed record 1.5 s before alice's capture began, and stop 1 s before bob's ended
  const span = { startedAtMs: t0 - 1500, endedAtMs: t0 + 5000 };
  const result = await compositeSegment(tracks(), output, { tile, span });
  expect(result.startedAtMs).toBe(span.startedAtMs);
  const file = await probe(defaultFfmpegTools, output);
  expect(Math.abs(file.durationSeconds! - 6.5)).toBeLessThan(0.2);
  const left = { x: tile.width / 4, y: tile.height / 4, w: tile.width / 2, h: tile.height / 2 };
  // before the capture: black, no tone; after it began (2.5 s in = alice's 1 s): red and 440 Hz
  expect(isBlack(await frameColor(output, 0.7, left))).toBe(true);
  expect(toneShare(await decodeAudio(output, 0.2, 1), 440)).toBeLessThan(0.05);
  expect(isRed(await frameColor(output, 2.5, left))).toBe(true);
  expect(toneShare(await decodeAudio(output, 2, 1), 440)).toBeGreaterThan(0.5);

  // a span the tracks do not fit in (another clock, or a capture that began far too late) is ignored
  const ignored = await compositeSegment(tracks(), join(dir, 'unspanned.webm'), {
    tile,
    span: { startedAtMs: t0 - 60_000, endedAtMs: t0 + 5000 },
  });
  expect(ignored.startedAtMs).toBe(t0);
  expect(Math.abs((await probe(defaultFfmpegTools, ignored.file)).durationSeconds! - 6)).toBeLessThan(0.2);
});
