// The interviewer's email with the host link: to the recruiter who scheduled the interview and to
// every other interviewer; and the same with a re-issued host link.
import type { RenderedEmail } from './invitation';
import { greetingFor, oneLine, renderEmail } from './live-layout';
import {
  calendarNotice,
  candidateOf,
  detailsOf,
  hostWarning,
  instructionsOf,
  organisationOf,
  recordingNotice,
  shortTimeOf,
  templateOf,
  type LiveEmailInput,
} from './live-parts';

/** Whether this interviewer is the recruiter who scheduled it (they get "you scheduled"). */
const isScheduler = (input: LiveEmailInput, to: string) =>
  input.interview.scheduledBy.email.trim().toLowerCase() === to.trim().toLowerCase();

export function interviewerInvitationEmail(input: LiveEmailInput & { link: string }, to: string): RenderedEmail {
  const { interview } = input;
  const candidate = candidateOf(interview);
  const reissued = input.kind === 'link-reissued';
  const subject = reissued
    ? `New interviewer link: interview with ${candidate}, ${shortTimeOf(interview)}`
    : `Interview scheduled: ${candidate} for ${templateOf(interview)}, ${shortTimeOf(interview)}`;
  const scheduler = oneLine(interview.scheduledBy.name) || interview.scheduledBy.email;
  const what = `a live interview with ${candidate} for ${templateOf(interview)} at ${organisationOf(interview)}`;
  const intro = reissued
    ? `Here is a new interviewer link to ${what}. The link you had before no longer works.`
    : isScheduler(input, to)
      ? `You scheduled ${what}. Here is your interviewer link.`
      : `${scheduler} scheduled ${what}, and you are one of the interviewers.`;
  return renderEmail(subject, greetingFor(input.recipientName), [
    { type: 'paragraph', text: intro },
    detailsOf(interview, 'host'),
    { type: 'link', label: 'Open the interview as interviewer', href: input.link },
    hostWarning,
    ...recordingNotice(interview, 'host'),
    ...instructionsOf(interview, 'host'),
    calendarNotice(reissued ? 'updates' : 'adds'),
  ]);
}
