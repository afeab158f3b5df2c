// The one `Range` header this service honours: a single byte range (`bytes=a-b`, `bytes=a-`,
// `bytes=-n`), which is what browsers' media players send. Another unit, or several ranges, is
// ignored as RFC 9110 allows (the whole file is sent); a single byte range that cannot be satisfied
// (starts at or past the end, or ends before it starts) is a 416.
export type RangeAnswer =
  { kind: 'whole' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

const single = /^bytes=(\d*)-(\d*)$/;

export function byteRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return { kind: 'whole' };
  const text = header.trim();
  if (!text.startsWith('bytes=') || text.includes(',')) return { kind: 'whole' };
  const parts = single.exec(text);
  if (!parts || (parts[1] === '' && parts[2] === '')) return { kind: 'unsatisfiable' };
  if (parts[1] === '') {
    // a suffix: the last n bytes
    const length = Number(parts[2]);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(parts[1]);
  const end = parts[2] === '' ? size - 1 : Math.min(Number(parts[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || end < start) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}
