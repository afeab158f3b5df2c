import { BoundedMap } from './bounded-map';

test('keeps the most recently written entries up to its capacity', () => {
  const map = new BoundedMap<string, number>(3);
  for (let i = 0; i < 10_000; i++) map.set(`stream-${i}`, i);
  expect(map.size).toBe(3);
  expect([map.get('stream-9997'), map.get('stream-9998'), map.get('stream-9999')]).toEqual([9997, 9998, 9999]);
  expect(map.has('stream-0')).toBe(false);
  map.set('stream-9997', 1); // written again: now the youngest
  map.set('stream-x', 2);
  expect([map.has('stream-9997'), map.has('stream-9998'), map.has('stream-x')]).toEqual([true, false, true]);
});
