// The Team page: a recruiter adds a colleague to their organisation (name, work email and a first
// password to pass on), so colleagues can log in and, among other things, score interviews; and sets
// how long the organisation keeps interview recordings (the recording service's retention period).
import { fail } from '@sveltejs/kit';
import { addColleagueRequest, setRetentionRequest } from '@candor/contracts';
import { issuesToFieldErrors, text, toFieldErrors } from '#lib/server/forms.ts';
import { ApiError } from '#lib/server/http.ts';
import { addColleague } from '#lib/server/identity.ts';
import { getRetention, setRetention } from '#lib/server/recording.ts';
import { asRecruiter } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
  // null: the recording service cannot be asked now (the section says so)
  retention: await asRecruiter(event, (token) => getRetention(token)),
});

export const actions: Actions = {
  retention: async (event) => {
    const form = await event.request.formData();
    const raw = text(form, 'days').trim();
    // a whole number of days, or the contract's own message
    const parsed = setRetentionRequest.safeParse({ days: /^\d+$/.test(raw) ? Number(raw) : Number.NaN });
    if (!parsed.success) return fail(400, { retentionDays: raw, retentionError: 'Give a whole number of days, from 1 to 3650.' });
    try {
      const saved = await asRecruiter(event, (token) => setRetention(token, parsed.data.days));
      return { retentionSaved: saved.days };
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error;
      return fail(error.status, { retentionDays: raw, retentionError: error.detail ?? error.title });
    }
  },
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
