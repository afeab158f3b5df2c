// The candidate's live link: the link is opened on every load, and the room asked whether it would
// let them in (see loadLivePage); the page then runs the equipment test, the recording consent,
// the waiting room and the room in the browser. Its one form action: the candidate declines the
// interview, with an optional note to the recruiter; the page then loads again and, the link being
// refused from then on, shows "You declined this interview" (with or without JavaScript).
import { fail, redirect } from '@sveltejs/kit';
import { liveLimits } from '@candor/contracts';
import { declineLiveInterview, loadLivePage, liveOutcomePage } from '#lib/server/live-links.ts';
import { ApiError } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadLivePage(event, 'candidate');

export const actions: Actions = {
  async decline(event) {
    const form = await event.request.formData();
    const note = String(form.get('note') ?? '').trim();
    if (note.length > liveLimits.declineNote)
      return fail(400, { declineNote: note, declineError: `Please keep the note under ${liveLimits.declineNote} characters.` });
    try {
      await declineLiveInterview(event.params.token, note, event.getClientAddress());
    } catch (cause) {
      if (!(cause instanceof ApiError)) throw cause;
      if (cause.status === 400) return fail(400, { declineNote: note, declineError: cause.detail ?? cause.title });
      // the link no longer opens the interview (withdrawn, cancelled, …): its page says why
      liveOutcomePage(cause, 'candidate');
    }
    redirect(303, event.url.pathname);
  },
};
