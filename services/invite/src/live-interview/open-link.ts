// What a presented live link opens, judged against the write model, and what its page may be told.
// "Too early" and "ended" are the media service's to decide when it mints a room token: here only
// the link itself (current, withdrawn, unknown) and the interview's cancellation or the candidate's
// decline count.
import type { LiveInterviewDetails, LiveInterviewSummary, LiveRole } from '@candor/contracts';
import type { LinkMatch, SubjectLinks } from '@candor/runtime';
import { uniqueByEmail } from '../live-template';
import { linkIdOf, type LiveInterview } from './live-interview';

export type LiveLinkCheck =
  | { valid: true; linkId: string; interview: LiveInterviewDetails }
  | { valid: false; reason: 'invalid' | 'revoked' | 'cancelled' | 'declined' };

/**
 * `match` is the link-token module's check of the presented token against this role's link ids
 * (`LinkTokens.match`, bound to the token and the role's purpose): a token of the other role never
 * matches, because the role is part of what the token is derived from.
 */
export function checkLiveLink(
  state: LiveInterview,
  role: LiveRole,
  match: (links: SubjectLinks) => LinkMatch,
): LiveLinkCheck {
  if (state.status === 'none') return { valid: false, reason: 'invalid' };
  const found = match({ current: linkIdOf(state.interview, role), retired: state.retiredLinkIds[role] });
  if (found.kind === 'current') {
    if (state.status === 'cancelled') return { valid: false, reason: 'cancelled' };
    if (state.status === 'declined') return { valid: false, reason: 'declined' };
    return { valid: true, linkId: found.linkId, interview: state.interview };
  }
  return { valid: false, reason: found.kind === 'retired' ? 'revoked' : 'invalid' };
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
