import { redirect } from '@sveltejs/kit';
import { endSession } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

// Logging out changes state, so it is a POST; a GET here just goes home.
export const load: PageServerLoad = () => {
  redirect(303, '/');
};

export const actions: Actions = {
  default: ({ cookies }) => {
    endSession(cookies);
    redirect(303, '/login');
  },
};
