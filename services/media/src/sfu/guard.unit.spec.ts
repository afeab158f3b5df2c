import { guarded, type SfuLogger } from './guard';

function logger(): SfuLogger & { errors: string[] } {
  const errors: string[] = [];
  const ignore = () => undefined;
  return {
    errors,
    debug: ignore,
    info: ignore,
    warn: ignore,
    error: (_: unknown, message?: string) => void errors.push(String(message)),
  } as SfuLogger & {
    errors: string[];
  };
}

test('a listener that throws is logged and does not unwind into its caller', () => {
  const log = logger();
  const listener = guarded(log, 'RTP from alice', () => {
    throw new Error('boom');
  });
  expect(() => listener()).not.toThrow();
  expect(log.errors).toEqual(['SFU: RTP from alice failed']);
});

test('a listener whose promise rejects is logged too', async () => {
  const log = logger();
  guarded(log, 'state of bob', async () => {
    throw new Error('later');
  })();
  await new Promise((resolve) => setImmediate(resolve));
  expect(log.errors).toEqual(['SFU: state of bob failed']);
});

test('a listener that works gets its arguments', () => {
  const seen: number[] = [];
  guarded(logger(), 'adding', (a: number, b: number) => void seen.push(a + b))(2, 3);
  expect(seen).toEqual([5]);
});
