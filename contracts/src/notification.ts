// Email delivery, owned by the notification service. Its policy emails a candidate the invitation on
// `invite.CandidateInvited.v1` (and the new link on `invite.InviteLinkReissued.v1`) and records the
// outcome on a stream per (invite, link): `email-invite-<inviteId>-<linkId>`.
import { z } from 'zod';

export const emailTransportKind = z.enum(['smtp', 'mailbox']);
export type EmailTransportKind = z.infer<typeof emailTransportKind>;

const about = z.object({
  organisationId: z.string(),
  /** what the email is about, for the recruiter's views */
  inviteId: z.string(),
  linkId: z.string(),
  purpose: z.enum(['candidate-invitation']),
});

export const notificationEventSchemas = {
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
  lastError: z.string().nullable(),
  updatedAt: z.string(),
});
export type DeliveryView = z.infer<typeof deliveryView>;
export const deliveriesResponse = z.object({ deliveries: z.array(deliveryView), caughtUp: z.boolean() });
export type DeliveriesResponse = z.infer<typeof deliveriesResponse>;

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
});
export type MailboxMessage = z.infer<typeof mailboxMessage>;
