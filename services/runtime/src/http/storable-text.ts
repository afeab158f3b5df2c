// Refuses request text that no event store can keep: a NUL character (Postgres text and jsonb
// reject U+0000) or a lone UTF-16 surrogate (JSON lets `"\ud800"` through; it is not Unicode, and
// Postgres refuses it too). Without this, such a string passes every zod schema and fails only at
// the append, as a 500 — found by the API fuzzer (test/fuzz). Checked once, for every /api path, body
// and query, so no schema has to remember it; the answer names the first field that holds one.
import type { RequestHandler } from 'express';
import { ValidationError } from '../errors';

const NUL = '\u0000';
/** a high surrogate not followed by a low one, or a low one not preceded by a high one */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (text: string) => text.includes(NUL) || loneSurrogate.test(text);

/** The path of the first string in `value` that cannot be stored, or undefined. */
export function unstorableTextAt(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return unstorable(value) ? path : undefined;
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (unstorable(key)) return `${path}.<key>`;
    const found = unstorableTextAt(item, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export const refuseUnstorableText: RequestHandler = (req, _res, next) => {
  // route parameters are decoded per route, later: a NUL can only reach one as %00 in the path
  // (a lone surrogate cannot: percent-decoding refuses bytes that are not UTF-8)
  const inPath = /%00/.test(req.originalUrl.split('?')[0] ?? '') ? 'path' : undefined;
  const at = inPath ?? unstorableTextAt(req.body, 'body') ?? unstorableTextAt(req.query, 'query');
  if (!at) return next();
  const message = 'text must be valid Unicode without NUL characters';
  next(new ValidationError(`${at}: ${message}`, [{ path: at, message }]));
};
