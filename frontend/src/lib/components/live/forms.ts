// What the live interview forms show: filled by the server (from a template, an interview, or a
// refused post) and rendered by the components. Everything is a string as typed, so a refused
// form comes back exactly as it was sent.
import type { LiveStatus } from '#lib/live-schedule.ts';

export interface PersonValues {
  name: string;
  email: string;
}

export interface TemplateFormValues {
  name: string;
  durationMinutes: string;
  instructions: string;
  recordable: boolean;
  defaultInterviewers: PersonValues[];
}

export const emptyTemplateForm: TemplateFormValues = {
  name: '',
  durationMinutes: '45',
  instructions: '',
  recordable: false,
  defaultInterviewers: [],
};

/** A start as the forms take it: a date, a time, and the zone they are read in. */
export interface StartValues {
  date: string;
  time: string;
  timeZone: string;
}

/** The candidate's open interview on the template, shown when a second one is refused. */
export interface OpenLiveInterview {
  id: string;
  startsAt: string;
  timeZone: string;
  /** its candidate link; null if it was revoked */
  url: string | null;
}

export interface ScheduleFormValues extends StartValues {
  candidateName: string;
  candidateEmail: string;
  guestInterviewers: PersonValues[];
}

/** The contract's limits, sent by the server (importing contracts here would ship zod to the browser). */
export interface LiveFormLimits {
  templateName: number;
  instructions: number;
  personName: number;
  email: number;
  interviewers: number;
  minDurationMinutes: number;
  maxDurationMinutes: number;
}

export type FormErrors = Record<string, string>;

export type LinkRole = 'candidate' | 'host';

export const linkRoleLabels: Record<LinkRole, string> = { candidate: 'candidate link', host: 'interviewer link' };

/** A link the Invites tab was asked to copy. */
export interface CopiedLink {
  interviewId: string;
  role: LinkRole;
  url: string;
  /** false: the clipboard refused, so the page shows the link to copy by hand */
  copied: boolean;
}

/** One row of the Invites tab, as the server sends it. */
export interface InterviewRow {
  id: string;
  candidateName: string;
  candidateEmail: string;
  interviewers: PersonValues[];
  startsAt: string;
  timeZone: string;
  durationMinutes: number;
  /** declined: by the candidate, from their link */
  status: 'scheduled' | 'cancelled' | 'declined';
  /** the candidate declined: when, and their note to the recruiter ('' for none) */
  candidateDeclined: { at: string; note: string } | null;
  /** from the media service's room; null when it does not say */
  live: { status: LiveStatus; recording: boolean } | null;
  candidateLinkState: 'active' | 'revoked';
  hostLinkState: 'active' | 'revoked';
  /** the start in its own zone, to prefill the reschedule form */
  start: { date: string; time: string };
}

/** What a row's menu asks to confirm first; it lives in the URL (`?confirm=`), so it works without JavaScript. */
export const confirmations = ['reissue-candidate', 'reissue-host', 'cancel', 'reschedule'] as const;
export type Confirmation = (typeof confirmations)[number];

/** What the last write on the Invites tab did (`?done=`), said once above the table. */
export const dones = [
  'scheduled',
  'revoked-candidate',
  'revoked-host',
  'reissued-candidate',
  'reissued-host',
  'rescheduled',
  'cancelled',
] as const;
export type Done = (typeof dones)[number];
