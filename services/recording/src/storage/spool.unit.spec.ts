import { backoffDelay } from './spool';

describe('spool retry backoff', () => {
  test('doubles from the initial delay and stays at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, 500, 30_000))).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000]);
    expect(backoffDelay(1_000, 500, 30_000)).toBe(30_000); // no overflow to Infinity or NaN
  });
});
