// The delivery aggregate: one email, and every attempt to send it. Two kinds of email share it:
// - an invitation about one link of one invite, stream `email-invite-<inviteId>-<linkId>` (a
//   re-issued link is a new delivery), requested by EmailRequested;
// - a live interview's email to one recipient about one of its events, stream
//   `email-live-<liveInterviewId>-<event>-<recipient>` (see liveDeliveryStream), requested by
//   LiveEmailRequested.
// The first attempt is recorded together with the request (request + EmailSent/EmailFailed in one
// append), so a stream that exists always has an outcome.
import { createHash } from 'node:crypto';
import {
  notificationEventNames as types,
  type EmailTransportKind,
  type LiveInterviewDetails,
  type LiveRole,
} from '@candor/contracts';

export interface InvitationRequest {
  emailId: string;
  organisationId: string;
  inviteId: string;
  linkId: string;
  purpose: 'candidate-invitation';
  to: string;
  candidateName: string;
  jobTitle: string;
  expiresAt: string | null;
  reason: 'invited' | 'link-reissued';
  sourceEventId: string;
}

export type LiveEmailKind = 'scheduled' | 'rescheduled' | 'cancelled' | 'link-reissued' | 'declined';

/** One live interview email to one recipient (the candidate, or one interviewer). */
export interface LiveEmailRequest {
  emailId: string;
  organisationId: string;
  /** the live interview's id, so the deliveries read model lists its emails under it */
  inviteId: string;
  /** the link the email carries: the recipient's role's link id; '' when it carries none */
  linkId: string;
  purpose: 'live-candidate' | 'live-interviewer';
  to: string;
  recipientName: string;
  kind: LiveEmailKind;
  role: LiveRole;
  /** the interview as the source event had it */
  interview: LiveInterviewDetails;
  previousStartsAt: string | null;
  /** declined: the candidate's note to the recruiter ('' for none) */
  note?: string;
  /** when the recruiter made the change (the source event's `at`): the .ics DTSTAMP */
  changedAt: string;
  sourceEventId: string;
}

export type DeliveryRequest = InvitationRequest | LiveEmailRequest;

/**
 * The left part of an attempt's Message-ID (RFC 5322), the same every time that attempt is sent: a
 * process killed after the SMTP server accepted a message but before the outcome was recorded sends
 * it again on restart (SMTP cannot submit exactly once), and the repeat then carries the same
 * Message-ID, by which receiving mail systems recognise one message. A deliberate retry is a new
 * attempt and a new message. A hash, so no internal id is shown to the recipient.
 */
export function messageKeyOf(streamId: string, attempt: number): string {
  return `${createHash('sha256').update(streamId).digest('hex').slice(0, 32)}.${attempt}`;
}
export type DeliveryPurpose = DeliveryRequest['purpose'];

export const isLiveEmailRequest = (request: DeliveryRequest): request is LiveEmailRequest =>
  request.purpose !== 'candidate-invitation';

interface About {
  organisationId: string;
  inviteId: string;
  linkId: string;
  purpose: DeliveryPurpose;
  emailId: string;
  to: string;
  transport: EmailTransportKind;
  attempt: number;
  at: string;
}

export type DeliveryEvent =
  | { type: typeof types.EmailRequested; data: InvitationRequest & { at: string } }
  | { type: typeof types.LiveEmailRequested; data: LiveEmailRequest & { at: string } }
  | { type: typeof types.EmailSent; data: About & { messageId: string } }
  | { type: typeof types.EmailFailed; data: About & { error: string } };

export type Delivery =
  | { status: 'none' }
  | {
      /** 'requested' only between the two events of the first append */
      status: 'requested' | 'sent' | 'failed';
      request: DeliveryRequest;
      attempts: number;
      lastError: string | null;
    };

export const initialState = (): Delivery => ({ status: 'none' });

export function evolve(state: Delivery, event: DeliveryEvent): Delivery {
  switch (event.type) {
    case types.EmailRequested:
    case types.LiveEmailRequested: {
      const { at: _at, ...request } = event.data;
      return { status: 'requested', request, attempts: 0, lastError: null };
    }
    case types.EmailSent:
      return state.status === 'none'
        ? state
        : { ...state, status: 'sent', attempts: event.data.attempt, lastError: null };
    case types.EmailFailed:
      return state.status === 'none'
        ? state
        : { ...state, status: 'failed', attempts: event.data.attempt, lastError: event.data.error };
    default:
      return state;
  }
}

export const deliveryStream = (inviteId: string, linkId: string) => `email-invite-${inviteId}-${linkId}`;

/**
 * The delivery of one live interview event to one recipient. The source event's version in the
 * interview's stream says which event (a replay or redelivery has the same one); the recipient is a
 * role and a digest of their address, so stream ids, which logs and the outbox carry, hold no email.
 */
export const liveDeliveryStream = (liveInterviewId: string, eventVersion: number, role: LiveRole, email: string) =>
  `email-live-${liveInterviewId}-v${eventVersion}-${role}-${createHash('sha256')
    .update(email.trim().toLowerCase())
    .digest('hex')
    .slice(0, 16)}`;
