import { assertValidKey, assertValidPrefix, assertValidRange } from './keys';

describe('storage keys', () => {
  test.each(['org1/rec1/composite.webm', 'a', 'o_1/r-2/p.3.opus', '_x/-y/z..webm'])('accepts %s', (key) => {
    expect(() => assertValidKey(key)).not.toThrow();
  });

  test.each(['', '..', '.', '../x', 'a/../b', 'a/./b', '/abs', 'a//b', 'a/', 'a\\b', 'a b', 'a/%2e%2e', 'org/.hidden', 'é', 'x'.repeat(513)])(
    'refuses %j with a 400',
    (key) => {
      expect(() => assertValidKey(key)).toThrow(expect.objectContaining({ status: 400 }));
    },
  );

  test('prefixes: empty, whole folders, a partial last segment; never .. or absolute', () => {
    for (const ok of ['', 'org1/', 'org1/rec', 'org1']) expect(() => assertValidPrefix(ok)).not.toThrow();
    for (const bad of ['/', '/org1', '../', 'org1/../', 'org1//', 'org1/./']) {
      expect(() => assertValidPrefix(bad)).toThrow(expect.objectContaining({ status: 400 }));
    }
  });

  test('ranges: whole integers, start ≤ end, none negative', () => {
    expect(() => assertValidRange(undefined)).not.toThrow();
    expect(() => assertValidRange({ start: 0, end: 0 })).not.toThrow();
    for (const bad of [{ start: 2, end: 1 }, { start: -1, end: 1 }, { start: 0, end: 1.5 }, { start: NaN, end: 1 }]) {
      expect(() => assertValidRange(bad)).toThrow(expect.objectContaining({ status: 400 }));
    }
  });
});
