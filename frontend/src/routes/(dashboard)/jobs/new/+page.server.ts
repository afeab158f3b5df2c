import { redirect } from '@sveltejs/kit';
import { createJob } from '#lib/server/invite.ts';
import { readJobForm, rejectedJobForm, validateJobForm } from '#lib/server/job-form.ts';
import { asRecruiter } from '#lib/server/session.ts';
import { limits } from '@candor/contracts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ limits });

export const actions: Actions = {
  create: async (event) => {
    const values = readJobForm(await event.request.formData());
    const validated = validateJobForm(values);
    if (!validated.ok) return validated.failure;

    let waitFor: string;
    try {
      ({ waitFor } = await asRecruiter(event, (token) => createJob(token, validated.request)));
    } catch (error) {
      return rejectedJobForm(values, error);
    }
    redirect(303, `/jobs?waitFor=${encodeURIComponent(waitFor)}`);
  },
};
