// A live interview moved: to the candidate and every interviewer, with the new time, the time it
// had, and their own link when it still has one.
import { formatInterviewTime } from '../calendar/time-zones';
import type { RenderedEmail } from './invitation';
import { greetingFor, renderEmail, type Block } from './live-layout';
import {
  calendarNotice,
  candidateOf,
  detailsOf,
  equipmentNotice,
  hostWarning,
  organisationOf,
  personalNotice,
  recordingNotice,
  shortTimeOf,
  templateOf,
  type LiveEmailInput,
} from './live-parts';

export function rescheduledEmail(input: LiveEmailInput): RenderedEmail {
  const { interview, role, link } = input;
  const candidate = role === 'candidate';
  const subject = candidate
    ? `Rescheduled: live interview with ${organisationOf(interview)}, now ${shortTimeOf(interview)}`
    : `Rescheduled: interview with ${candidateOf(interview)}, now ${shortTimeOf(interview)}`;
  const intro = candidate
    ? `Your live video interview with ${organisationOf(interview)} (${templateOf(interview)}) has moved to a new time.`
    : `The live interview with ${candidateOf(interview)} (${templateOf(interview)}) has moved to a new time.`;
  const details = detailsOf(interview, role, 'New time');
  if (details.type === 'details' && input.previousStartsAt) {
    // shown in the interview's (possibly new) zone, so the two times compare at a glance
    details.rows.splice(details.rows.findIndex(([label]) => label === 'New time') + 1, 0, [
      'Was',
      formatInterviewTime(input.previousStartsAt, interview.timeZone),
    ]);
  }
  const linkBlocks: Block[] = link
    ? [
        { type: 'link', label: candidate ? 'Join the interview' : 'Open the interview as interviewer', href: link },
        ...(candidate ? [equipmentNotice] : [hostWarning]),
      ]
    : [
        {
          type: 'paragraph',
          text: 'Your link to this interview is withdrawn for now; if a new one is issued, it will reach you by email.',
        },
      ];
  return renderEmail(subject, greetingFor(input.recipientName), [
    { type: 'paragraph', text: intro },
    details,
    ...linkBlocks,
    ...recordingNotice(interview, role),
    calendarNotice('updates'),
    ...(candidate && link ? [personalNotice] : []),
  ]);
}
