import { compareValues, copyDocument, matches, sortWithTieBreaker } from './query';

describe('memory store query semantics (as MongoDB)', () => {
  test('orders values by BSON type first: null < numbers < strings < objects < arrays < booleans < dates', () => {
    const values = [new Date(0), true, [1], { a: 1 }, 'a', 2, null];
    expect([...values].sort(compareValues)).toEqual([null, 2, 'a', { a: 1 }, [1], true, new Date(0)]);
  });

  test('null in a filter matches a missing field; undefined means no condition', () => {
    expect(matches({ _id: 'a' }, { score: null } as never)).toBe(true);
    expect(matches({ _id: 'a', score: 0 }, { score: null } as never)).toBe(false);
    expect(matches({ _id: 'a', score: 1 }, { score: undefined } as never)).toBe(true);
    expect(matches({ _id: 'a', score: 1 }, { score: '1' } as never)).toBe(false);
  });

  test('sorts tie-break on _id unless _id is already a key', () => {
    expect(sortWithTieBreaker({ score: -1 } as never)).toEqual([
      ['score', -1],
      ['_id', 1],
    ]);
    expect(sortWithTieBreaker({ _id: -1 } as never)).toEqual([['_id', -1]]);
    expect(sortWithTieBreaker(undefined)).toEqual([['_id', 1]]);
  });

  test('copies deeply and drops undefined properties', () => {
    const original = { _id: 'a', nested: { list: [1, { b: 2 }], gone: undefined }, at: new Date(5) };
    const copy = copyDocument(original);
    expect(copy).toEqual({ _id: 'a', nested: { list: [1, { b: 2 }] }, at: new Date(5) });
    expect(Object.keys(copy.nested)).toEqual(['list']);
    expect(copy.nested.list[1]).not.toBe(original.nested.list[1]);
    expect(copy.at).not.toBe(original.at);
  });
});
