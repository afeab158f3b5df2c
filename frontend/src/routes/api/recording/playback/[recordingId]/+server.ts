// The distributed mode's pass-through for recording playback. The recording service hands out
// signed playback URLs as paths (`/api/recording/playback/<id>?token=…`) on the page's origin; in
// the embedded mode that origin is the recording service itself (the API is mounted before this
// app, so this route is never reached there). Run on its own, this app forwards the request —
// with its Range header — to CANDOR_RECORDING_URL and streams the answer back untouched, so every
// range request still reaches the service that re-checks the token and the recording. The token
// is the capability: no session is needed, and the URL is never logged.
import { apiPaths } from '@candor/contracts';
import { serviceUrls } from '#lib/server/config.ts';
import type { RequestHandler } from './$types';

const passedBack = [
  'content-type',
  'content-length',
  'content-range',
  'accept-ranges',
  'cache-control',
  'etag',
  'last-modified',
  'referrer-policy',
  'x-robots-tag',
];

export const GET: RequestHandler = async ({ params, url, request }) => {
  const target = new URL(apiPaths.recording.playback(params.recordingId), serviceUrls.recording);
  target.search = url.search;
  const headers: Record<string, string> = {};
  for (const name of ['range', 'if-range', 'if-none-match']) {
    const value = request.headers.get(name);
    if (value) headers[name] = value;
  }
  let answer: Response;
  try {
    answer = await fetch(target, { headers, signal: request.signal });
  } catch {
    return new Response('The recording service could not be reached.', {
      status: 503,
      headers: { 'cache-control': 'no-store' },
    });
  }
  const out = new Headers();
  for (const name of passedBack) {
    const value = answer.headers.get(name);
    if (value) out.set(name, value);
  }
  if (!out.has('cache-control')) out.set('cache-control', 'no-store');
  return new Response(answer.body, { status: answer.status, headers: out });
};
