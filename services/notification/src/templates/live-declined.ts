// The candidate declined a live interview from their link: to every interviewer (the candidate was
// told on the page). Their note, if they left one, quoted as they wrote it; no link, since both
// stopped working with the decline; the calendar entry is removed.
import type { RenderedEmail } from './invitation';
import { greetingFor, renderEmail, type Block } from './live-layout';
import { calendarNotice, candidateOf, shortTimeOf, templateOf, timeOf, type LiveEmailInput } from './live-parts';

export function declinedEmail(input: LiveEmailInput): RenderedEmail {
  const { interview } = input;
  const note = input.note?.trim() ?? '';
  // their words as a quote, line breaks kept, like the template's instructions
  const said: Block = note
    ? { type: 'quote', title: `${candidateOf(interview)} wrote`, text: note }
    : { type: 'paragraph', text: `${candidateOf(interview)} left no note.` };
  return renderEmail(`Declined: interview with ${candidateOf(interview)}, ${shortTimeOf(interview)}`, greetingFor(input.recipientName), [
    {
      type: 'paragraph',
      text: `${candidateOf(interview)} declined the live interview (${templateOf(interview)}) on ${timeOf(interview)}. It will not take place, and the interview links no longer work.`,
    },
    said,
    calendarNotice('removes'),
  ]);
}
