// A live interview was cancelled: to the candidate and every interviewer. No link: they stopped
// working with the cancellation.
import type { RenderedEmail } from './invitation';
import { greetingFor, renderEmail } from './live-layout';
import {
  calendarNotice,
  candidateOf,
  organisationOf,
  shortTimeOf,
  templateOf,
  timeOf,
  type LiveEmailInput,
} from './live-parts';

export function cancelledEmail(input: LiveEmailInput): RenderedEmail {
  const { interview } = input;
  const candidate = input.role === 'candidate';
  const subject = candidate
    ? `Cancelled: live interview with ${organisationOf(interview)}, ${shortTimeOf(interview)}`
    : `Cancelled: interview with ${candidateOf(interview)}, ${shortTimeOf(interview)}`;
  const what = candidate
    ? `Your live video interview with ${organisationOf(interview)} (${templateOf(interview)})`
    : `The live interview with ${candidateOf(interview)} (${templateOf(interview)})`;
  return renderEmail(subject, greetingFor(input.recipientName), [
    { type: 'paragraph', text: `${what} on ${timeOf(interview)} has been cancelled.` },
    {
      type: 'paragraph',
      text: candidate
        ? `Your interview link no longer works. If ${organisationOf(interview)} schedules a new interview, you will receive a new invitation.`
        : 'The interview links no longer work.',
    },
    calendarNotice('removes'),
  ]);
}
