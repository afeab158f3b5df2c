import { error, redirect } from '@sveltejs/kit';
import { limits } from '@candor/contracts';
import { activateJob, deactivateJob, editJob, getJob } from '#lib/server/invite.ts';
import { ApiError } from '#lib/server/http.ts';
import { readJobForm, rejectedJobForm, validateJobForm } from '#lib/server/job-form.ts';
import { asRecruiter } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const waitFor = event.url.searchParams.get('waitFor') ?? undefined;
  try {
    const { job, caughtUp } = await asRecruiter(event, (token) => getJob(token, event.params.id, { waitFor }));
    return { job, caughtUp, limits, saved: event.url.searchParams.has('saved') };
  } catch (cause) {
    // a malformed id (400) is as much "not found" as an unknown one; another org's job answers 404 too
    if (cause instanceof ApiError && (cause.status === 404 || cause.status === 400)) error(404, 'Job not found');
    throw cause;
  }
};

/** After a write, show the job as that write left it. */
function backToJob(jobId: string, waitFor: string, extra = ''): never {
  redirect(303, `/jobs/${encodeURIComponent(jobId)}?waitFor=${encodeURIComponent(waitFor)}${extra}`);
}

export const actions: Actions = {
  save: async (event) => {
    const values = readJobForm(await event.request.formData());
    const validated = validateJobForm(values);
    if (!validated.ok) return validated.failure;

    let waitFor: string;
    try {
      ({ waitFor } = await asRecruiter(event, (token) => editJob(token, event.params.id, validated.request)));
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 404) error(404, 'Job not found');
      return rejectedJobForm(values, cause);
    }
    backToJob(event.params.id, waitFor, '&saved');
  },

  activate: async (event) => {
    const { waitFor } = await changeStatus(event, activateJob);
    backToJob(event.params.id, waitFor);
  },

  deactivate: async (event) => {
    const { waitFor } = await changeStatus(event, deactivateJob);
    backToJob(event.params.id, waitFor);
  },
};

async function changeStatus(
  event: Parameters<Actions[string]>[0] & { params: { id: string } },
  command: typeof activateJob,
) {
  try {
    return await asRecruiter(event, (token) => command(token, event.params.id));
  } catch (cause) {
    if (cause instanceof ApiError && cause.status === 404) error(404, 'Job not found');
    if (cause instanceof ApiError && cause.status < 500) error(cause.status, cause.detail ?? cause.title);
    throw cause;
  }
}
