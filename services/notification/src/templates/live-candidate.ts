// The candidate's invitation to a live interview, and the same with a re-issued link.
import { greetingFor, renderEmail } from './live-layout';
import type { RenderedEmail } from './invitation';
import {
  calendarNotice,
  detailsOf,
  equipmentNotice,
  instructionsOf,
  organisationOf,
  personalNotice,
  recordingNotice,
  shortTimeOf,
  templateOf,
  type LiveEmailInput,
} from './live-parts';

export function candidateInvitationEmail(input: LiveEmailInput & { link: string }): RenderedEmail {
  const { interview } = input;
  const organisation = organisationOf(interview);
  const reissued = input.kind === 'link-reissued';
  const subject = reissued
    ? `New link: live interview with ${organisation}, ${shortTimeOf(interview)}`
    : `Invitation: live interview with ${organisation}, ${shortTimeOf(interview)}`;
  const intro = reissued
    ? `Here is a new link to your live video interview with ${organisation}. The link you had before no longer works.`
    : `${organisation} invites you to a live video interview: ${templateOf(interview)}.`;
  return renderEmail(subject, greetingFor(input.recipientName), [
    { type: 'paragraph', text: intro },
    detailsOf(interview, 'candidate'),
    { type: 'link', label: 'Join the interview', href: input.link },
    equipmentNotice,
    ...recordingNotice(interview, 'candidate'),
    ...instructionsOf(interview, 'candidate'),
    calendarNotice(reissued ? 'updates' : 'adds'),
    personalNotice,
  ]);
}
