// POST /s/<token>/playback, sent by the viewer page once its view was granted, and again whenever
// the player stops (a URL expired, or the link was revoked): the recording service's signed
// playback URLs for this viewing session, asked with the link's token and this link's viewing pass
// (the cookie `./view` set). Every range request the player then makes on them is checked again by
// the recording service, which asks the sharing service.
import type { RequestHandler } from './$types';
import { sharePlayback, shareLinkIdOf, viewingCookieOf } from '#lib/server/share-viewer.ts';

export const POST: RequestHandler = async (event) => {
  const { token } = event.params;
  const cookie = viewingCookieOf(event.request.headers.get('cookie'), shareLinkIdOf(token));
  const pass = cookie ? decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1)) : null;
  const answer = await sharePlayback(token, pass, event.getClientAddress());
  return new Response(await answer.text(), {
    status: answer.status,
    headers: {
      'content-type': answer.headers.get('content-type') ?? 'application/json',
      'cache-control': 'no-store',
    },
  });
};
