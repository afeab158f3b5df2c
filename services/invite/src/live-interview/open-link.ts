// What a presented live link opens, judged against the write model, and what its page may be told.
// "Too early" and "ended" are the media service's to decide when it mints a room token: here only
// the link itself (current, withdrawn, unknown) and the interview's cancellation count.
import type { LiveInterviewDetails, LiveInterviewSummary, LiveRole } from '@candor/contracts';
import { uniqueByEmail } from '../live-template';
import { linkIdOf, type LiveInterview } from './live-interview';

export type LiveLinkCheck =
  | { valid: true; linkId: string; interview: LiveInterviewDetails }
  | { valid: false; reason: 'invalid' | 'revoked' | 'cancelled' };

/**
 * `matches(linkId)` says whether the presented token is the one of this link id for the role asked:
 * a token of the other role never matches, because the role is part of what the token is derived from.
 */
export function checkLiveLink(
  state: LiveInterview,
  role: LiveRole,
  matches: (linkId: string) => boolean,
): LiveLinkCheck {
  if (state.status === 'none') return { valid: false, reason: 'invalid' };
  const current = linkIdOf(state.interview, role);
  const isCurrent = current !== null && matches(current);
  // every retired link is checked, so the time taken does not tell which one matched
  const isRetired = state.retiredLinkIds[role].map(matches).some(Boolean);
  if (isCurrent) {
    if (state.status === 'cancelled') return { valid: false, reason: 'cancelled' };
    return { valid: true, linkId: current, interview: state.interview };
  }
  return { valid: false, reason: isRetired ? 'revoked' : 'invalid' };
}

/**
 * The interview as its link's page shows it: no email address of anyone. The recruiter who
 * scheduled it holds the host link too, so they are named among the interviewers.
 */
export function liveInterviewSummaryOf(interview: LiveInterviewDetails): LiveInterviewSummary {
  const { scheduledBy } = interview;
  const interviewers = uniqueByEmail([{ name: scheduledBy.name, email: scheduledBy.email }, ...interview.interviewers]);
  return {
    liveInterviewId: interview.liveInterviewId,
    organisationName: interview.organisationName,
    templateName: interview.templateName,
    instructions: interview.instructions,
    durationMinutes: interview.durationMinutes,
    recordable: interview.recordable,
    startsAt: interview.startsAt,
    timeZone: interview.timeZone,
    candidateName: interview.candidate.name,
    interviewerNames: interviewers.map((person) => person.name),
  };
}
