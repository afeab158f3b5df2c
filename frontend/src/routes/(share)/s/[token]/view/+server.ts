// POST /s/<token>/view, sent by the loaded viewer page: relays to the sharing service with this
// link's viewing cookie, and relays the answer and the cookie back, the cookie's path narrowed to
// this link's page. A reload within the viewing session presents the cookie and counts nothing.
import type { RequestHandler } from './$types';
import { shareLinkIdOf, viewShare, viewingCookieOf } from '#lib/server/share-viewer.ts';

export const POST: RequestHandler = async (event) => {
  const { token } = event.params;
  const answer = await viewShare(token, {
    cookie: viewingCookieOf(event.request.headers.get('cookie'), shareLinkIdOf(token)),
    userAgent: event.request.headers.get('user-agent'),
    clientAddress: event.getClientAddress(),
  });
  const headers = new Headers({ 'content-type': answer.headers.get('content-type') ?? 'application/json' });
  for (const cookie of answer.headers.getSetCookie()) {
    headers.append('set-cookie', cookie.replace(/;\s*Path=[^;]*/i, `; Path=/s/${token}`));
  }
  return new Response(await answer.text(), { status: answer.status, headers });
};
