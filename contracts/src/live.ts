// Live video interviews, owned by the invite service: templates, scheduled interviews and their two
// links (the candidate link and the interviewer, or host, link). As with async invites, no working
// token is in an event, a read model or a log: a link's token is derived from the interview id and
// the link id under a server key (services/runtime/src/links), with the purpose naming the role.
import { z } from 'zod';
import { commandResultSchema } from './envelope';

export const liveLimits = {
  templateName: 200,
  instructions: 5000,
  personName: 200,
  email: 254,
  /** default + guest interviewers of one interview; the room holds 1 candidate + 4 interviewers */
  interviewers: 10,
  minDurationMinutes: 5,
  maxDurationMinutes: 480,
  /** the candidate's optional note when they decline an interview */
  declineNote: 1000,
} as const;

/** The two roles a live link can give. */
export const liveRole = z.enum(['candidate', 'host']);
export type LiveRole = z.infer<typeof liveRole>;

/** Link purposes the tokens are derived under (part of the MAC: a candidate token never opens as host). */
export const liveLinkPurposes = { candidate: 'live-candidate', host: 'live-host' } as const satisfies Record<
  LiveRole,
  string
>;

/** Pages the links lead to: `/join/<token>` (candidate) and `/host/<token>` (interviewer). Logs mask the token. */
export const liveLinkPrefixes = { candidate: '/join/', host: '/host/' } as const satisfies Record<LiveRole, string>;

const person = z.object({ name: z.string(), email: z.string() });
export type Person = z.infer<typeof person>;

/**
 * Everything a reader of one live interview's events needs (the notification policy, the media
 * service's room): repeated in full on every event that changes it, so policies keep no state.
 */
export const liveInterviewDetails = z.object({
  liveInterviewId: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  templateId: z.string(),
  templateName: z.string(),
  instructions: z.string(),
  durationMinutes: z.number().int(),
  /** the template says interviews may be recorded: the candidate is told and consents first */
  recordable: z.boolean(),
  candidate: person,
  /** the template's default interviewers and the guests of this interview, without duplicates */
  interviewers: z.array(person),
  /** the recruiter who scheduled it (also emailed the interviewer link) */
  scheduledBy: z.object({ recruiterId: z.string(), name: z.string(), email: z.string() }),
  /** the start as an instant (UTC, ISO 8601) */
  startsAt: z.string(),
  /** IANA time zone it was scheduled in, e.g. `Europe/Berlin`: emails and the .ics use it */
  timeZone: z.string(),
  /** random link ids (128 bits) the two tokens are derived from; null while revoked */
  candidateLinkId: z.string().nullable(),
  hostLinkId: z.string().nullable(),
  /** grows with every reschedule (the .ics SEQUENCE) */
  sequence: z.number().int(),
});
export type LiveInterviewDetails = z.infer<typeof liveInterviewDetails>;

const by = { by: z.string(), at: z.string() };

export const liveEventSchemas = {
  LiveTemplateCreated: z.object({
    templateId: z.string(),
    organisationId: z.string(),
    name: z.string(),
    durationMinutes: z.number().int(),
    instructions: z.string(),
    recordable: z.boolean(),
    defaultInterviewers: z.array(person),
    ...by,
  }),
  LiveTemplateEdited: z.object({
    templateId: z.string(),
    organisationId: z.string(),
    name: z.string(),
    durationMinutes: z.number().int(),
    instructions: z.string(),
    recordable: z.boolean(),
    defaultInterviewers: z.array(person),
    ...by,
  }),
  LiveInterviewScheduled: z.object({ interview: liveInterviewDetails, ...by }),
  LiveInterviewRescheduled: z.object({ interview: liveInterviewDetails, previousStartsAt: z.string(), ...by }),
  LiveInterviewCancelled: z.object({ interview: liveInterviewDetails, ...by }),
  /** the candidate declined from their link (`by` is the link id): the interview will not take place */
  LiveInterviewDeclinedByCandidate: z.object({
    interview: liveInterviewDetails,
    /** what the candidate wrote to the recruiter; '' when they wrote nothing */
    note: z.string(),
    ...by,
  }),
  LiveLinkRevoked: z.object({ interview: liveInterviewDetails, role: liveRole, linkId: z.string(), ...by }),
  LiveLinkReissued: z.object({
    interview: liveInterviewDetails,
    role: liveRole,
    linkId: z.string(),
    /** null when the link had been revoked before */
    previousLinkId: z.string().nullable(),
    ...by,
  }),
} as const;

export const liveEventNames = {
  LiveTemplateCreated: 'invite.LiveTemplateCreated.v1',
  LiveTemplateEdited: 'invite.LiveTemplateEdited.v1',
  LiveInterviewScheduled: 'invite.LiveInterviewScheduled.v1',
  LiveInterviewRescheduled: 'invite.LiveInterviewRescheduled.v1',
  LiveInterviewCancelled: 'invite.LiveInterviewCancelled.v1',
  LiveInterviewDeclinedByCandidate: 'invite.LiveInterviewDeclinedByCandidate.v1',
  LiveLinkRevoked: 'invite.LiveLinkRevoked.v1',
  LiveLinkReissued: 'invite.LiveLinkReissued.v1',
} as const;

// ---------------------------------------------------------------------------------------------------
// HTTP bodies (recruiter side)

const name = z.string().trim().min(1, 'a name is required').max(liveLimits.personName);
const email = z
  .string({ message: 'an email address is required' })
  .trim()
  .min(1, 'an email address is required')
  .max(liveLimits.email)
  .pipe(z.email({ message: 'enter a valid email address' }));
const personInput = z.strictObject({ name, email });

export const createLiveTemplateRequest = z.strictObject({
  name: z.string().trim().min(1, 'name is required').max(liveLimits.templateName),
  durationMinutes: z
    .number({ message: 'duration must be a number of minutes' })
    .int('duration must be whole minutes')
    .min(liveLimits.minDurationMinutes, `at least ${liveLimits.minDurationMinutes} minutes`)
    .max(liveLimits.maxDurationMinutes, `at most ${liveLimits.maxDurationMinutes} minutes`),
  instructions: z.string().trim().max(liveLimits.instructions).default(''),
  recordable: z.boolean().default(false),
  defaultInterviewers: z.array(personInput).max(liveLimits.interviewers).default([]),
});
export type CreateLiveTemplateRequest = z.input<typeof createLiveTemplateRequest>;
export const editLiveTemplateRequest = createLiveTemplateRequest;

/** IANA zone names known to this runtime (`Intl.supportedValuesOf('timeZone')`, plus UTC). */
export const timeZoneSchema = z
  .string({ message: 'choose a time zone' })
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone');

/** A wall-clock date and time without offset (`2026-12-01T10:00`), read in `timeZone`. */
export const localDateTime = z
  .string({ message: 'choose a date and time' })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'date and time must look like 2026-12-01T10:00');

export const scheduleLiveInterviewRequest = z.strictObject({
  templateId: z.uuid({ message: 'choose a template' }),
  candidateName: name,
  candidateEmail: email,
  startsAt: localDateTime,
  timeZone: timeZoneSchema,
  guestInterviewers: z.array(personInput).max(liveLimits.interviewers).default([]),
  /**
   * Refuse (409, problem type `open-live-interview`) when the candidate already has an open
   * interview on this template (scheduled, not cancelled or declined, not yet over): the dashboard
   * sends it, then shows that interview's link with "Schedule again" (which leaves it out). Opt-in,
   * unlike the async invite's check, so clients that schedule series for one candidate on purpose
   * keep working.
   */
  refuseIfOpen: z.boolean().optional(),
});
/** The problem type slug of a 409 for a candidate who already has an open interview on the template. */
export const openLiveInterviewProblemType = 'open-live-interview';
export type ScheduleLiveInterviewRequest = z.input<typeof scheduleLiveInterviewRequest>;

export const rescheduleLiveInterviewRequest = z.strictObject({ startsAt: localDateTime, timeZone: timeZoneSchema });
export type RescheduleLiveInterviewRequest = z.input<typeof rescheduleLiveInterviewRequest>;

export const liveLinkRoleRequest = z.strictObject({ role: liveRole });

export const liveTemplateIdParams = z.strictObject({ templateId: z.uuid({ message: 'templateId must be a UUID' }) });
export const liveInterviewIdParams = z.strictObject({
  liveInterviewId: z.uuid({ message: 'liveInterviewId must be a UUID' }),
});

export const liveTemplateView = z.object({
  id: z.string(),
  organisationId: z.string(),
  name: z.string(),
  durationMinutes: z.number().int(),
  instructions: z.string(),
  recordable: z.boolean(),
  defaultInterviewers: z.array(person),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LiveTemplateView = z.infer<typeof liveTemplateView>;

export const liveInterviewStatus = z.enum(['scheduled', 'cancelled', 'declined']);
export const liveLinkState = z.enum(['active', 'revoked']);

export const liveInterviewView = z.object({
  id: z.string(),
  organisationId: z.string(),
  templateId: z.string(),
  templateName: z.string(),
  candidateName: z.string(),
  candidateEmail: z.string(),
  interviewers: z.array(person),
  scheduledBy: z.object({ recruiterId: z.string(), name: z.string(), email: z.string() }),
  startsAt: z.string(),
  timeZone: z.string(),
  durationMinutes: z.number().int(),
  recordable: z.boolean(),
  status: liveInterviewStatus,
  candidateLinkState: liveLinkState,
  hostLinkState: liveLinkState,
  /** when the candidate declined from their link, and their note ('' for none); null otherwise */
  candidateDeclined: z.object({ at: z.string(), note: z.string() }).nullable().default(null),
  scheduledAt: z.string(),
  updatedAt: z.string(),
});
export type LiveInterviewView = z.infer<typeof liveInterviewView>;

export const liveTemplateListResponse = z.object({ templates: z.array(liveTemplateView), caughtUp: z.boolean() });
export const liveTemplateResponse = z.object({ template: liveTemplateView, caughtUp: z.boolean() });
export const liveInterviewListResponse = z.object({ interviews: z.array(liveInterviewView), caughtUp: z.boolean() });
export const liveInterviewResponse = z.object({ interview: liveInterviewView, caughtUp: z.boolean() });
export const listLiveInterviewsQuery = z.strictObject({
  templateId: z.uuid({ message: 'templateId must be a UUID' }).optional(),
  waitFor: z.string().max(300).optional(),
});

/** The two links of an interview as paths on the Candor origin (null while revoked). */
export const liveLinksResponse = z.object({
  candidate: z.object({ path: z.string() }).nullable(),
  host: z.object({ path: z.string() }).nullable(),
});
export type LiveLinksResponse = z.infer<typeof liveLinksResponse>;

export const scheduleLiveInterviewResponse = commandResultSchema.extend({ links: liveLinksResponse });
export type ScheduleLiveInterviewResponse = z.infer<typeof scheduleLiveInterviewResponse>;

// ---------------------------------------------------------------------------------------------------
// Opening a live link (no account): the frontend's server exchanges the link token for a short-lived
// live token (JWT, audience `candor-live`) on every page load and every room-token request; the media
// service turns a live token into a room token. A revoked link therefore cannot mint a room token.

export const openLiveLinkRequest = z.strictObject({ token: z.string().min(1).max(200), role: liveRole });

/** The candidate declines the interview from their link, with an optional note to the recruiter. */
export const declineLiveInterviewRequest = z.strictObject({
  token: z.string().min(1).max(200),
  note: z
    .string()
    .trim()
    .max(liveLimits.declineNote, `at most ${liveLimits.declineNote} characters`)
    .default(''),
});
export type DeclineLiveInterviewRequest = z.input<typeof declineLiveInterviewRequest>;

/** What the page may show about the interview; the candidate is not told the interviewers' emails. */
export const liveInterviewSummary = z.object({
  liveInterviewId: z.string(),
  organisationName: z.string(),
  templateName: z.string(),
  instructions: z.string(),
  durationMinutes: z.number().int(),
  recordable: z.boolean(),
  startsAt: z.string(),
  timeZone: z.string(),
  candidateName: z.string(),
  interviewerNames: z.array(z.string()),
});
export type LiveInterviewSummary = z.infer<typeof liveInterviewSummary>;

export const openLiveLinkResponse = z.object({
  role: liveRole,
  interview: liveInterviewSummary,
  /** `Authorization: Bearer` for the media service's join endpoint; lives 2 minutes */
  liveToken: z.string(),
  expiresAt: z.string(),
});
export type OpenLiveLinkResponse = z.infer<typeof openLiveLinkResponse>;

/** Problem types of live link answers (besides `link-invalid`, `link-revoked`). */
export const liveProblemTypes = {
  cancelled: 'interview-cancelled',
  ended: 'interview-ended',
  tooEarly: 'interview-not-open-yet',
  declined: 'participant-declined',
  /** the candidate declined the interview from their link (410 to both links from then on) */
  candidateDeclined: 'interview-declined-by-candidate',
  alreadyConnected: 'participant-already-connected',
  roomFull: 'room-full',
  consentRequired: 'recording-consent-required',
  forbidden: 'action-forbidden',
} as const;
