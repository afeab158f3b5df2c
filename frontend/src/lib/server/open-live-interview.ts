// The "already scheduled" warning of the schedule form: when the invite service refuses a second
// interview for a candidate who has an open one on the template (409 open-live-interview), the form
// shows that interview, with its candidate link, and "Schedule again" to make another on purpose.
import { openLiveInterviewProblemType } from '@candor/contracts';
import { ApiError } from './http.ts';
import { getLiveLinks, listLiveInterviews } from './live.ts';

import type { OpenLiveInterview } from '#lib/components/live/forms.ts';

export const isOpenLiveInterviewRefusal = (cause: unknown): cause is ApiError =>
  cause instanceof ApiError && cause.status === 409 && (cause.type?.endsWith(`/${openLiveInterviewProblemType}`) ?? false);

/**
 * The candidate's next open interview on the template (the one the service refused over), or null
 * if it is gone a moment later. `origin` makes the link's path a URL. Same rule as the service's.
 */
export async function openLiveInterview(
  token: string,
  templateId: string,
  candidateEmail: string,
  origin: string,
  now = Date.now(),
): Promise<OpenLiveInterview | null> {
  const email = candidateEmail.trim().toLowerCase();
  const { interviews } = await listLiveInterviews(token, { templateId });
  const open = interviews.find(
    (interview) =>
      interview.candidateEmail.toLowerCase() === email &&
      interview.status === 'scheduled' &&
      interview.candidateDeclined === null &&
      Date.parse(interview.startsAt) + interview.durationMinutes * 60_000 > now,
  );
  if (!open) return null;
  const links = await getLiveLinks(token, open.id);
  return {
    id: open.id,
    startsAt: open.startsAt,
    timeZone: open.timeZone,
    url: links.candidate ? new URL(links.candidate.path, origin).href : null,
  };
}
