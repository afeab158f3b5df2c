// Client of the media service's recruiter reads about interviews that happened: a live interview's
// participants, timeline and actual duration, and the list of interviews that took place. (The
// rooms of a template, for the Invites tab's live status, are read in live.ts.)
import {
  apiPaths,
  heldInterviewsResponse,
  interviewTimelineResponse,
  type HeldInterview,
  type InterviewTimeline,
} from '@candor/contracts';
import { ApiError, callService } from './http';

/** The timeline of one live interview; null when the media service has none for it (404). */
export async function getInterviewTimeline(token: string, roomId: string): Promise<InterviewTimeline | null> {
  try {
    const { timeline } = await callService('media', interviewTimelineResponse, {
      path: apiPaths.media.roomTimeline(roomId),
      token,
    });
    return timeline;
  } catch (cause) {
    if (cause instanceof ApiError && cause.status === 404) return null;
    throw cause;
  }
}

/**
 * Live interviews of the organisation that took place, newest first. Extra information on the
 * Interviews list: a media service that is down gives `null` (the list says so) rather than an
 * error page; a 401 still ends the recruiter's session.
 */
export async function listHeldInterviews(token: string): Promise<HeldInterview[] | null> {
  try {
    const { interviews } = await callService('media', heldInterviewsResponse, {
      path: apiPaths.media.heldInterviews,
      token,
      timeoutMs: 5_000,
    });
    return interviews;
  } catch (cause) {
    if (cause instanceof ApiError && cause.status !== 401) return null;
    throw cause;
  }
}
