// The interviewer's (host) link: opened on every load like the candidate's; the page asks for the
// interviewer's name and a quick device check, then goes straight into the room.
import { loadLivePage } from '#lib/server/live-links.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadLivePage(event, 'host');
