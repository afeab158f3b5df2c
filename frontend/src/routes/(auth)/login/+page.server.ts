import { fail, redirect } from '@sveltejs/kit';
import { logInRequest } from '@candor/contracts';
import { logIn } from '#lib/server/identity.ts';
import { ApiError } from '#lib/server/http.ts';
import { issuesToFieldErrors, text } from '#lib/server/forms.ts';
import { safeNext, startSession } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({ next: url.searchParams.get('next') ?? '' });

// One message for every wrong-credentials answer: it must not tell which of the two was wrong.
const wrongCredentials = 'That email and password do not match an account.';

export const actions: Actions = {
  login: async ({ request, cookies, getClientAddress }) => {
    const form = await request.formData();
    const email = text(form, 'email');
    const next = text(form, 'next');
    const parsed = logInRequest.safeParse({ email, password: text(form, 'password') });
    if (!parsed.success) {
      return fail(400, { email, errors: issuesToFieldErrors(parsed.error.issues) });
    }
    try {
      // the browser's address: identity limits failed log-ins per address and account
      const session = await logIn(parsed.data, getClientAddress());
      startSession(cookies, session.token);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 429) {
        return fail(429, { email, errors: { '': 'Too many attempts. Please wait a minute and try again.' } });
      }
      if (error.status >= 500) {
        return fail(503, { email, errors: { '': 'Logging in is not possible right now. Please try again shortly.' } });
      }
      return fail(401, { email, errors: { '': wrongCredentials } });
    }
    redirect(303, safeNext(next));
  },
};
