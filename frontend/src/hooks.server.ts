// Authentication for every request: the session cookie becomes `event.locals.session`, and the
// recruiter dashboard (route group `(dashboard)`) is closed to anyone without one. Guarding here,
// rather than in a layout load, covers form actions too. Candidate link pages (`/i/<token>`), share
// viewers (`/s/<token>`) and the live interview links (`/join/<token>`, `/host/<token>`) get the
// headers of a capability URL
// on every answer, error pages and form actions included; the live pages may use the camera and
// microphone, and open the signalling WebSocket on their own origin.
import { redirect } from '@sveltejs/kit';
import type { Handle } from '@sveltejs/kit/hooks';
import { candidateLinkPrefix, liveLinkPrefixes, shareLinkPrefix } from '@candor/contracts';
import { withRequestLocale } from '#lib/server/locale.ts';
import { loginUrl, readSession } from '#lib/server/session.ts';

const capabilityHeaders = {
  // the token is in the URL: it must not leave in a Referer, be cached, or be indexed
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
} as const;

const mutatingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const livePrefixes = Object.values(liveLinkPrefixes);

export const handle: Handle = async ({ event, resolve }) => {
  const candidatePage = event.url.pathname.startsWith(candidateLinkPrefix);
  const sharePage = event.url.pathname.startsWith(shareLinkPrefix);
  const livePage = livePrefixes.some((prefix) => event.url.pathname.startsWith(prefix));
  const liveCandidatePage = event.url.pathname.startsWith(liveLinkPrefixes.candidate);

  // SvelteKit trusts `Origin: null` (vite.config.ts) because a browser sends it for a plain form
  // POST from a `no-referrer` page, and the candidate's forms must work without JavaScript. Only
  // the candidate pages need it (the async interview's, and the live link's "Decline" form): their
  // capability is the token in the URL, not a cookie, so a forged cross-site post gains nothing.
  // The share viewer's script posts its view from a `no-referrer` page too (a browser sends
  // `Origin: null` then), with the token in the URL and a SameSite cookie that a cross-site post
  // does not carry. Everywhere else `null` stays refused.
  if (
    !candidatePage &&
    !liveCandidatePage &&
    !sharePage &&
    mutatingMethods.has(event.request.method) &&
    event.request.headers.get('origin') === 'null'
  ) {
    return new Response('Cross-site form submissions are forbidden', { status: 403 });
  }

  event.locals.session = candidatePage || livePage || sharePage ? null : readSession(event.cookies);

  if (event.route.id?.startsWith('/(dashboard)') && !event.locals.session) {
    redirect(303, loginUrl(event.url));
  }

  // dates and times render in the reader's locale (lib/locale.ts)
  const response = await withRequestLocale(event.request, () => resolve(event));
  if (candidatePage || sharePage) return withHeaders(response, capabilityHeaders);
  if (livePage) return withHeaders(response, { ...capabilityHeaders, ...liveHeaders(response, event.url) });

  // Not `no-referrer` (the APIs' default): with it, browsers send `Origin: null` on a plain form
  // POST, and SvelteKit's CSRF check rejects every form that is submitted without JavaScript.
  if (response.headers.get('content-type')?.startsWith('text/html')) {
    response.headers.set('referrer-policy', 'same-origin');
    // recruiter pages show an organisation's data: keep them out of shared caches
    if (event.locals.session) response.headers.set('cache-control', 'private, no-store');
  }
  return response;
};

/**
 * The live pages use the camera and microphone (nothing else may, e.g. an embedded frame), and talk
 * to the signalling WebSocket on this origin: CSP's `'self'` covers ws:/wss: of the same host only
 * in recent browsers, so the socket's origin is named in connect-src too.
 */
function liveHeaders(response: Response, url: URL): Record<string, string> {
  const headers: Record<string, string> = { 'permissions-policy': 'camera=(self), microphone=(self)' };
  const csp = response.headers.get('content-security-policy');
  if (csp) {
    const socket = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
    headers['content-security-policy'] = csp.replace(/(^|;\s*)connect-src ([^;]*)/, `$1connect-src $2 ${socket}`);
  }
  return headers;
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  try {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  } catch {
    // a response with immutable headers (e.g. from `Response.redirect`): copy it
    const copy = new Response(response.body, response);
    for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
    return copy;
  }
}
