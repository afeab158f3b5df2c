// Postgres int8 as a JS number. Positions and versions stay far below 2^53; a value that does not
// fit fails loudly instead of silently losing precision.
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} does not fit a JS number`);
  return value;
}
