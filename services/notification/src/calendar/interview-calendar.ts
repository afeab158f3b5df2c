// The .ics of a live interview email: one VEVENT per interview (UID `<liveInterviewId>@candor`, so a
// reschedule or cancellation updates the entry the recipient already has; SEQUENCE grows with every
// change), its start in the interview's own zone (DTSTART;TZID=… with a VTIMEZONE), the scheduling
// recruiter as ORGANIZER and only the recipient as ATTENDEE (a candidate never learns the
// interviewers' addresses this way), and the recipient's own link, never another role's.
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { LiveInterviewDetails, LiveRole } from '@candor/contracts';
import type { CalendarInvite } from '../transport';
import { calendarZoneOf, zonedStart } from './time-zones';

export interface InterviewCalendarInput {
  method: 'REQUEST' | 'CANCEL';
  interview: LiveInterviewDetails;
  /** who receives it: the one ATTENDEE */
  recipient: { name: string; email: string; role: LiveRole };
  /** the recipient's own working link; null when the email carries none (cancelled, or revoked) */
  link: string | null;
  /** DTSTAMP: when the change happened (the source event's time), so a resend is the same file */
  stamp: string;
}

export const calendarUid = (liveInterviewId: string) => `${liveInterviewId}@candor`;

function summaryOf({ interview, recipient }: InterviewCalendarInput): string {
  return recipient.role === 'candidate'
    ? `Live interview: ${interview.templateName} (${interview.organisationName})`
    : `Interview with ${interview.candidate.name}: ${interview.templateName}`;
}

function descriptionOf({ method, interview, recipient, link }: InterviewCalendarInput): string {
  if (method === 'CANCEL') return 'This interview was cancelled. Its links no longer work.';
  const lines =
    recipient.role === 'candidate'
      ? [
          ...(link ? [`Join the interview: ${link}`, ''] : []),
          'You will test your camera and microphone, then wait until an interviewer lets you in.',
          ...(interview.instructions ? ['', interview.instructions] : []),
        ]
      : [
          ...(link ? [`Interviewer link: ${link}`, ''] : []),
          'This link lets you admit the candidate; do not forward it to the candidate.',
        ];
  return lines.join('\n');
}

export function interviewCalendar(input: InterviewCalendarInput): CalendarInvite {
  const { method, interview, recipient, link } = input;
  const calendar = ical({
    prodId: { company: 'Candor', product: 'Live interviews', language: 'EN' },
    method: method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  // No calendar-wide zone (it would print DTSTAMP as local time): the event names its own, and the
  // generator adds the VTIMEZONE it refers to. A zone the library does not know falls back to UTC.
  const zone = calendarZoneOf(interview.timeZone);
  if (zone) calendar.timezone({ name: null, generator: (tzid) => (tzid === zone.tzid ? zone.vtimezone : null) });
  const start = zonedStart(interview.startsAt, zone?.tzid ?? 'UTC');
  const organiser = interview.scheduledBy;

  const event = calendar.createEvent({
    id: calendarUid(interview.liveInterviewId),
    sequence: interview.sequence,
    stamp: new Date(input.stamp),
    start,
    end: start.plus({ minutes: interview.durationMinutes }),
    timezone: zone?.tzid ?? null,
    summary: summaryOf(input),
    description: descriptionOf(input),
    location: link,
    url: link,
    status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: organiser.name || organiser.email, email: organiser.email },
  });
  event.createAttendee({
    name: recipient.name || undefined,
    email: recipient.email,
    role: ICalAttendeeRole.REQ,
    status: ICalAttendeeStatus.NEEDSACTION,
    rsvp: method === 'REQUEST',
  });
  return { method, content: calendar.toString() };
}
