import { redirect } from '@sveltejs/kit';
import { safeNext } from '#lib/server/session.ts';
import type { LayoutServerLoad } from './$types';

// Someone already signed in has nothing to do on the log-in and sign-up pages.
export const load: LayoutServerLoad = ({ locals, url }) => {
  if (locals.session) redirect(303, safeNext(url.searchParams.get('next')));
};
