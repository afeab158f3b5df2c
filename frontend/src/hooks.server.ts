// Authentication for every request: the session cookie becomes `event.locals.session`, and the
// recruiter dashboard (route group `(dashboard)`) is closed to anyone without one. Guarding here,
// rather than in a layout load, covers form actions too.
import { redirect } from '@sveltejs/kit';
import type { Handle } from '@sveltejs/kit/hooks';
import { loginUrl, readSession } from '#lib/server/session.ts';

export const handle: Handle = async ({ event, resolve }) => {
  event.locals.session = readSession(event.cookies);

  if (event.route.id?.startsWith('/(dashboard)') && !event.locals.session) {
    redirect(303, loginUrl(event.url));
  }

  const response = await resolve(event);
  // Not `no-referrer` (the APIs' default): with it, browsers send `Origin: null` on a plain form
  // POST, and SvelteKit's CSRF check rejects every form that is submitted without JavaScript.
  if (response.headers.get('content-type')?.startsWith('text/html')) {
    response.headers.set('referrer-policy', 'same-origin');
    // recruiter pages show an organisation's data: keep them out of shared caches
    if (event.locals.session) response.headers.set('cache-control', 'private, no-store');
  }
  return response;
};
