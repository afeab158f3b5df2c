// Email delivery, owned by the notification service. Its policy emails a candidate the invitation on
// `invite.CandidateInvited.v1` (and the new link on `invite.InviteLinkReissued.v1`) and records the
// outcome on a stream per (invite, link): `email-invite-<inviteId>-<linkId>`. A second policy emails
// a live interview's candidate and interviewers (with an .ics) on the `invite.Live*` events, one
// stream per (interview, event, recipient), first event LiveEmailRequested.
import { z } from 'zod';
import { commandResultSchema, consistencyTokenSchema } from './envelope';
import { liveInterviewDetails, liveRole } from './live';

export const emailTransportKind = z.enum(['smtp', 'mailbox']);
export type EmailTransportKind = z.infer<typeof emailTransportKind>;

const about = z.object({
  organisationId: z.string(),
  /** what the email is about, for the recruiter's views (a live interview's emails: its liveInterviewId) */
  inviteId: z.string(),
  /** the link the email carries ('' for a live interview's cancellation, which carries none) */
  linkId: z.string(),
  /** live-*: emails about a live interview, to its candidate or to one of its interviewers */
  purpose: z.enum(['candidate-invitation', 'live-candidate', 'live-interviewer']),
});

export const notificationEventSchemas = {
  /**
   * First event of a delivery stream, appended together with the first attempt's outcome: what a
   * retry needs to rebuild the message. Never the link token (it is derived from inviteId + linkId).
   */
  EmailRequested: about.extend({
    emailId: z.string(),
    to: z.string(),
    candidateName: z.string(),
    jobTitle: z.string(),
    /** null: the link does not expire */
    expiresAt: z.string().nullable(),
    /** 'invited': the first invitation; 'link-reissued': the new link after a re-issue */
    reason: z.enum(['invited', 'link-reissued']),
    /** the invite service's event that asked for this email */
    sourceEventId: z.string(),
    at: z.string(),
  }),
  /**
   * First event of a live interview's delivery stream (`email-live-…`, one per event and recipient),
   * appended with the first attempt's outcome like EmailRequested. Never a link token: the link is
   * derived from the interview's link ids, which `interview` holds as the event had them.
   */
  LiveEmailRequested: about.extend({
    emailId: z.string(),
    to: z.string(),
    recipientName: z.string(),
    /** declined: the candidate declined from their link (to the interviewers only) */
    kind: z.enum(['scheduled', 'rescheduled', 'cancelled', 'link-reissued', 'declined']),
    role: liveRole,
    interview: liveInterviewDetails,
    /** rescheduled: the start it moved from */
    previousStartsAt: z.string().nullable(),
    /** declined: the candidate's note ('' for none; absent in older events) */
    note: z.string().optional(),
    /** when the recruiter made the change (the source event's `at`): the .ics DTSTAMP */
    changedAt: z.string(),
    sourceEventId: z.string(),
    at: z.string(),
  }),
  EmailSent: about.extend({
    emailId: z.string(),
    to: z.string(),
    transport: emailTransportKind,
    messageId: z.string(),
    attempt: z.number().int().positive(),
    at: z.string(),
  }),
  EmailFailed: about.extend({
    emailId: z.string(),
    to: z.string(),
    transport: emailTransportKind,
    /** the transport's message, without credentials */
    error: z.string(),
    attempt: z.number().int().positive(),
    at: z.string(),
  }),
} as const;

export const notificationEventNames = {
  EmailRequested: 'notification.EmailRequested.v1',
  LiveEmailRequested: 'notification.LiveEmailRequested.v1',
  EmailSent: 'notification.EmailSent.v1',
  EmailFailed: 'notification.EmailFailed.v1',
} as const;

export const deliveryView = z.object({
  id: z.string(),
  inviteId: z.string(),
  linkId: z.string(),
  to: z.string(),
  status: z.enum(['sent', 'failed']),
  transport: emailTransportKind,
  attempts: z.number().int(),
  /** the error of the last attempt when it failed; null once sent */
  lastError: z.string().nullable(),
  /** when the first attempt was made */
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DeliveryView = z.infer<typeof deliveryView>;
export const deliveriesResponse = z.object({ deliveries: z.array(deliveryView), caughtUp: z.boolean() });
export type DeliveriesResponse = z.infer<typeof deliveriesResponse>;
export const readDeliveriesQuery = z.strictObject({ waitFor: consistencyTokenSchema.optional() });

/** 202 to a retry: the command result, and how the attempt went (the deliveries show it too). */
export const retryDeliveryResponse = commandResultSchema.extend({ status: z.enum(['sent', 'failed']) });
export type RetryDeliveryResponse = z.infer<typeof retryDeliveryResponse>;

/** What the organisation can deliver: where a channel is not configured the UI shows the link to copy. */
export const deliverySettings = z.object({
  email: z.object({ configured: z.boolean(), transport: emailTransportKind }),
  sms: z.object({ configured: z.boolean() }),
});
export type DeliverySettings = z.infer<typeof deliverySettings>;

/** A message the local mailbox captured (embedded mode without SMTP), held in memory only. */
export const mailboxMessage = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  at: z.string(),
  /** the calendar invitation (.ics) the email carries, if any */
  calendar: z.object({ method: z.enum(['REQUEST', 'CANCEL']), filename: z.string(), content: z.string() }).optional(),
});
export type MailboxMessage = z.infer<typeof mailboxMessage>;
export const mailboxResponse = z.object({ messages: z.array(mailboxMessage) });
export type MailboxResponse = z.infer<typeof mailboxResponse>;
