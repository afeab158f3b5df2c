import { byteRange } from './byte-range';

it.each([
  [undefined, { kind: 'whole' }],
  ['bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
  ['bytes=10-', { kind: 'partial', start: 10, end: 999 }],
  ['bytes=990-5000', { kind: 'partial', start: 990, end: 999 }],
  ['bytes=-100', { kind: 'partial', start: 900, end: 999 }],
  ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
  ['bytes=1000-', { kind: 'unsatisfiable' }],
  ['bytes=50-10', { kind: 'unsatisfiable' }],
  ['bytes=-0', { kind: 'unsatisfiable' }],
  ['bytes=-', { kind: 'unsatisfiable' }],
  ['bytes=abc', { kind: 'unsatisfiable' }],
  ['bytes=0-1,5-6', { kind: 'whole' }],
  ['items=0-1', { kind: 'whole' }],
])('%p of 1000 bytes → %p', (header, answer) => {
  expect(byteRange(header, 1000)).toEqual(answer);
});
