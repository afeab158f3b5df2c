import { fail, redirect } from '@sveltejs/kit';
import { liveLimits } from '@candor/contracts';
import { createLiveTemplate } from '#lib/server/live.ts';
import { asRecruiter } from '#lib/server/session.ts';
import { readTemplateForm, refusal, validateTemplateForm } from '../live-forms.server.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ limits: liveLimits });

export const actions: Actions = {
  create: async (event) => {
    const values = readTemplateForm(await event.request.formData());
    const validated = validateTemplateForm(values);
    if (!validated.ok) return validated.failure;

    let created;
    try {
      created = await asRecruiter(event, (token) => createLiveTemplate(token, validated.request));
    } catch (cause) {
      const { status, errors } = refusal(cause);
      return fail(status, { template: { values, errors } });
    }
    // straight to the new template, where its interviews are scheduled
    redirect(
      303,
      `/templates/${encodeURIComponent(created.id)}?waitFor=${encodeURIComponent(created.waitFor)}&created`,
    );
  },
};
