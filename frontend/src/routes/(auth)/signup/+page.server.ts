import { fail, redirect } from '@sveltejs/kit';
import { signUpRequest } from '@candor/contracts';
import { signUp } from '#lib/server/identity.ts';
import { ApiError } from '#lib/server/http.ts';
import { issuesToFieldErrors, text, toFieldErrors } from '#lib/server/forms.ts';
import { startSession } from '#lib/server/session.ts';
import type { Actions } from './$types';

export const actions: Actions = {
  signup: async ({ request, cookies, getClientAddress }) => {
    const form = await request.formData();
    // everything but the password goes back to the form if something is wrong
    const values = {
      organisationName: text(form, 'organisationName'),
      name: text(form, 'name'),
      email: text(form, 'email'),
    };
    const parsed = signUpRequest.safeParse({ ...values, password: text(form, 'password') });
    if (!parsed.success) {
      return fail(400, { values, errors: issuesToFieldErrors(parsed.error.issues) });
    }
    try {
      // the browser's address: identity limits sign-ups per address
      const session = await signUp(parsed.data, getClientAddress());
      startSession(cookies, session.token);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status >= 500) {
        return fail(503, { values, errors: { '': 'Signing up is not possible right now. Please try again shortly.' } });
      }
      const errors = toFieldErrors(error.fieldErrors);
      // e.g. 409 "an account with this email exists": a problem without field errors
      if (Object.keys(errors).length === 0) errors[''] = error.detail ?? error.title;
      return fail(error.status, { values, errors });
    }
    redirect(303, '/jobs');
  },
};
