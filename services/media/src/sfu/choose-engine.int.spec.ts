// Engine selection: what runs, and that the log says why. Where mediasoup's worker
// binary is absent 'auto' must fall back; where it is present (npm run media:worker), pick mediasoup.
import { createSfuEngine, mediasoupAvailability, mediasoupWorkerPresent } from './choose-engine';
import type { SfuLogger } from './guard';

function recordingLogger(): SfuLogger & { lines: string[] } {
  const lines: string[] = [];
  const record = (first: unknown, second?: unknown) =>
    void lines.push(typeof first === 'string' ? first : String(second));
  return { lines, debug: record, info: record, warn: record, error: record } as SfuLogger & { lines: string[] };
}

const present = mediasoupWorkerPresent();

test("'werift' runs werift and says it was configured", async () => {
  const logger = recordingLogger();
  const engine = await createSfuEngine({ engine: 'werift', logger });
  expect(engine.name).toBe('werift');
  expect(logger.lines).toEqual(['SFU engine: werift (configured)']);
  await engine.close();
});

test("'auto' runs mediasoup when its worker starts, and otherwise werift with the reason", async () => {
  const logger = recordingLogger();
  const engine = await createSfuEngine({ engine: 'auto', logger, onWorkerDied: () => undefined });
  try {
    if (present.available) {
      expect(engine.name).toBe('mediasoup');
      expect(logger.lines).toEqual(['SFU engine: mediasoup (worker available)']);
    } else {
      expect(engine.name).toBe('werift');
      expect(logger.lines).toEqual([`SFU engine: werift (mediasoup worker not available: ${present.reason})`]);
      expect(present.reason).toMatch(/worker binary not found at .*mediasoup-worker/);
    }
  } finally {
    await engine.close();
  }
});

test('a worker binary that does not run is reported as such, and auto falls back', async () => {
  const availability = await mediasoupAvailability('/bin/false');
  expect(availability).toEqual({
    available: false,
    reason: expect.stringMatching(/^the mediasoup worker did not start/),
  });
  const logger = recordingLogger();
  const engine = await createSfuEngine({ engine: 'auto', logger, workerBin: '/bin/false' });
  expect(engine.name).toBe('werift');
  expect(logger.lines[0]).toMatch(
    /^SFU engine: werift \(mediasoup worker not available: the mediasoup worker did not start/,
  );
  await engine.close();
});

test("an explicit 'mediasoup' that cannot run is an error naming why, not a silent fallback", async () => {
  await expect(
    createSfuEngine({ engine: 'mediasoup', logger: recordingLogger(), workerBin: '/nonexistent/mediasoup-worker' }),
  ).rejects.toThrow(
    'SFU engine mediasoup was configured but cannot run: mediasoup worker binary not found at /nonexistent/mediasoup-worker',
  );
});
