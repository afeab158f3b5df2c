// The share viewer's page. Its GET only asks whether the link is usable and what the page may be
// called (the candidate's name only as far as the link shows it): it counts no view, so a chat's
// link preview or a mail scanner that fetches the page burns nothing. The content arrives when the
// loaded page's script asks `./view`.
import { error } from '@sveltejs/kit';
import { ApiError } from '#lib/server/http.ts';
import { openShare, sharePages, shareProblem } from '#lib/server/share-viewer.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  try {
    const opened = await openShare(event.params.token, event.getClientAddress());
    return { pageTitle: opened.pageTitle };
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    const problem = shareProblem(cause.status, cause.type);
    if (problem) {
      const { status, message, hint } = sharePages[problem];
      error(status, { message, hint });
    }
    // the viewer's address ran out of attempts (a guesser's does): say so, never a 500
    if (cause.status === 429) error(429, { message: 'Too many attempts', hint: 'Please wait a few minutes, then reload this page.' });
    error(503, { message: 'This interview could not be loaded', hint: 'Please try again in a moment.' });
  }
};
