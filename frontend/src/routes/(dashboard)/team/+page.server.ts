// The Team page: a recruiter adds a colleague to their organisation (name, work email and a first
// password to pass on), so colleagues can log in and, among other things, score interviews.
import { fail } from '@sveltejs/kit';
import { addColleagueRequest } from '@candor/contracts';
import { issuesToFieldErrors, text, toFieldErrors } from '#lib/server/forms.ts';
import { ApiError } from '#lib/server/http.ts';
import { addColleague } from '#lib/server/identity.ts';
import { asRecruiter } from '#lib/server/session.ts';
import type { Actions } from './$types';

export const actions: Actions = {
  add: async (event) => {
    const form = await event.request.formData();
    // the password never goes back to the form
    const values = { name: text(form, 'name'), email: text(form, 'email') };
    const parsed = addColleagueRequest.safeParse({ ...values, password: text(form, 'password') });
    if (!parsed.success) return fail(400, { values, errors: issuesToFieldErrors(parsed.error.issues) });
    try {
      const { recruiter } = await asRecruiter(event, (token) => addColleague(token, parsed.data));
      return { added: { name: recruiter.name, email: recruiter.email } };
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error;
      const errors = toFieldErrors(error.fieldErrors);
      if (Object.keys(errors).length === 0) errors[''] = error.detail ?? error.title;
      return fail(error.status, { values, errors });
    }
  },
};
