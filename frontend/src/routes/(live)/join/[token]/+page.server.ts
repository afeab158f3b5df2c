// The candidate's live link: the link is opened on every load, and the room asked whether it would
// let them in (see loadLivePage); the page then runs the equipment test, the recording consent,
// the waiting room and the room in the browser.
import { loadLivePage } from '#lib/server/live-links.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadLivePage(event, 'candidate');
