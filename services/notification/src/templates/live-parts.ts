// What every live interview email is made from: its input, and the blocks several of them share.
import type { LiveInterviewDetails, LiveRole } from '@candor/contracts';
import { formatDuration, formatInterviewTime, formatShortTime } from '../calendar/time-zones';
import type { LiveEmailKind } from '../delivery';
import { oneLine, type Block } from './live-layout';

export interface LiveEmailInput {
  kind: LiveEmailKind;
  /** whose email: the candidate's, or an interviewer's (host) */
  role: LiveRole;
  recipientName: string;
  interview: LiveInterviewDetails;
  /** rescheduled: the start it moved from */
  previousStartsAt: string | null;
  /** the recipient's own working link; null when the email carries none */
  link: string | null;
  /** declined: the candidate's note ('' or absent for none) */
  note?: string;
}

export const organisationOf = (interview: LiveInterviewDetails) => oneLine(interview.organisationName) || 'Candor';
export const candidateOf = (interview: LiveInterviewDetails) => oneLine(interview.candidate.name) || 'the candidate';
export const templateOf = (interview: LiveInterviewDetails) => oneLine(interview.templateName) || 'Live interview';
export const shortTimeOf = (interview: LiveInterviewDetails) => formatShortTime(interview.startsAt, interview.timeZone);
export const timeOf = (interview: LiveInterviewDetails) => formatInterviewTime(interview.startsAt, interview.timeZone);

/** When, how long, and for interviewers who else is on the panel (names only). */
export function detailsOf(interview: LiveInterviewDetails, role: LiveRole, timeLabel = 'When'): Block {
  const rows: [string, string][] = [
    ...(role === 'host' ? [['Candidate', candidateOf(interview)] as [string, string]] : []),
    ['Interview', templateOf(interview)],
    [timeLabel, timeOf(interview)],
    ['Duration', formatDuration(interview.durationMinutes)],
  ];
  if (role === 'host') {
    const names = interview.interviewers.map((person) => oneLine(person.name) || person.email);
    if (names.length > 0) rows.push(['Interviewers', names.join(', ')]);
  }
  return { type: 'details', rows };
}

export const equipmentNotice: Block = {
  type: 'paragraph',
  text: 'When you open the link, you will test your camera and microphone, then wait until an interviewer lets you in.',
};

export function recordingNotice(interview: LiveInterviewDetails, role: LiveRole): Block[] {
  if (!interview.recordable) return [];
  return [
    {
      type: 'paragraph',
      text:
        role === 'candidate'
          ? 'This interview may be recorded. Before you enter the waiting room you will be told so and asked for your consent.'
          : 'This interview may be recorded: the candidate is told so and asked for consent before entering the waiting room.',
    },
  ];
}

export function instructionsOf(interview: LiveInterviewDetails, role: LiveRole): Block[] {
  const text = interview.instructions.trim();
  if (!text) return [];
  const title =
    role === 'candidate' ? `Instructions from ${organisationOf(interview)}` : 'Instructions the candidate received';
  return [{ type: 'quote', title, text }];
}

export const hostWarning: Block = {
  type: 'paragraph',
  text: 'This link lets you admit the candidate; do not forward it to the candidate. It takes you straight into the interview room, past the waiting room.',
};

export const personalNotice: Block = {
  type: 'note',
  text: 'This link is personal: do not share it, anyone who has it can join the interview in your name.',
};

export const calendarNotice = (what: 'adds' | 'updates' | 'removes'): Block => ({
  type: 'note',
  text:
    what === 'removes'
      ? 'The attached calendar update (invite.ics) removes the interview from your calendar.'
      : `The attached calendar invitation (invite.ics) ${what === 'adds' ? 'adds the interview to' : 'updates the interview in'} your calendar, shown in your own time zone.`,
});
