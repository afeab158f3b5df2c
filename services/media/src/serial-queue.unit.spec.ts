import { KeyedSerialQueue } from './serial-queue';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedSerialQueue', () => {
  test('runs one task at a time per key, in arrival order; other keys do not wait', async () => {
    const queue = new KeyedSerialQueue();
    const log: string[] = [];
    let releaseFirst!: () => void;
    const first = queue.run('alice', async () => {
      log.push('alice 1 start');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      log.push('alice 1 end');
    });
    const second = queue.run('alice', async () => log.push('alice 2'));
    const other = queue.run('bob', async () => log.push('bob 1'));
    await other;
    await tick();
    expect(log).toEqual(['alice 1 start', 'bob 1']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(log).toEqual(['alice 1 start', 'bob 1', 'alice 1 end', 'alice 2']);
  });

  test('a failed task rejects its own caller only; the next one still runs', async () => {
    const queue = new KeyedSerialQueue();
    const failed = queue.run('alice', async () => {
      throw new Error('bad offer');
    });
    const next = queue.run('alice', async () => 'answer');
    await expect(failed).rejects.toThrow('bad offer');
    await expect(next).resolves.toBe('answer');
  });
});
