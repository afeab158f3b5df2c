// The delivery aggregate: one email about one link of one invite, and every attempt to send it.
// Stream `email-invite-<inviteId>-<linkId>`: a re-issued link is a new delivery. The first attempt
// is recorded together with the request (EmailRequested + EmailSent/EmailFailed in one append), so a
// stream that exists always has an outcome.
import { notificationEventNames as types, type EmailTransportKind } from '@candor/contracts';

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

interface About {
  organisationId: string;
  inviteId: string;
  linkId: string;
  purpose: 'candidate-invitation';
  emailId: string;
  to: string;
  transport: EmailTransportKind;
  attempt: number;
  at: string;
}

export type DeliveryEvent =
  | { type: typeof types.EmailRequested; data: InvitationRequest & { at: string } }
  | { type: typeof types.EmailSent; data: About & { messageId: string } }
  | { type: typeof types.EmailFailed; data: About & { error: string } };

export type Delivery =
  | { status: 'none' }
  | {
      /** 'requested' only between the two events of the first append */
      status: 'requested' | 'sent' | 'failed';
      request: InvitationRequest;
      attempts: number;
      lastError: string | null;
    };

export const initialState = (): Delivery => ({ status: 'none' });

export function evolve(state: Delivery, event: DeliveryEvent): Delivery {
  switch (event.type) {
    case types.EmailRequested: {
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
