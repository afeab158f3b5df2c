import { redirect } from '@sveltejs/kit';
import { logOut } from '#lib/server/identity.ts';
import { endSession, readSession } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

// Logging out changes state, so it is a POST; a GET here just goes home.
export const load: PageServerLoad = () => {
  redirect(303, '/');
};

export const actions: Actions = {
  default: async ({ cookies }) => {
    // the token is revoked at the identity service, not only forgotten here: a copy of it (a stolen
    // cookie) stops working too. The cookie goes whatever the answer (an expired token is a 401).
    const session = readSession(cookies);
    if (session) await logOut(session.token).catch((error: unknown) => console.warn('[candor-frontend] log-out was not recorded', error));
    endSession(cookies);
    redirect(303, '/login');
  },
};
