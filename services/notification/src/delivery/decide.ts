// Commands on a delivery. Sending happens outside (it is I/O); these record what a send did, so they
// accept facts rather than refuse them: the only refusals are "no such delivery" for another
// organisation and, before a retry sends, `retryable` below. Time and ids arrive in the command.
import { notificationEventNames as types, type EmailTransportKind } from '@candor/contracts';
import { ConflictError, NotFoundError } from '@candor/runtime';
import {
  isLiveEmailRequest,
  type Delivery,
  type DeliveryEvent,
  type DeliveryRequest,
  type InvitationRequest,
} from './delivery';

export type AttemptOutcome = { ok: true; messageId: string } | { ok: false; error: string };

interface Attempt {
  outcome: AttemptOutcome;
  transport: EmailTransportKind;
  at: string;
}

export type DeliveryCommand =
  | ({ type: 'RecordFirstAttempt'; request: DeliveryRequest } & Attempt)
  | ({ type: 'RecordRetry'; organisationId: string } & Attempt);

export type ExistingDelivery = Exclude<Delivery, { status: 'none' }>;

function outcomeEvent(request: DeliveryRequest, attempt: number, { outcome, transport, at }: Attempt): DeliveryEvent {
  const { organisationId, inviteId, linkId, purpose, emailId, to } = request;
  const about = { organisationId, inviteId, linkId, purpose, emailId, to, transport, attempt, at };
  return outcome.ok
    ? { type: types.EmailSent, data: { ...about, messageId: outcome.messageId } }
    : { type: types.EmailFailed, data: { ...about, error: outcome.error } };
}

/** Records the automatic first attempt; a delivery that already has one is left as it is (replays). */
export function recordFirstAttempt(
  command: Extract<DeliveryCommand, { type: 'RecordFirstAttempt' }>,
  state: Delivery,
): DeliveryEvent[] {
  if (state.status !== 'none') return [];
  const { request, at } = command;
  const requested: DeliveryEvent = isLiveEmailRequest(request)
    ? { type: types.LiveEmailRequested, data: { ...request, at } }
    : { type: types.EmailRequested, data: { ...request, at } };
  return [requested, outcomeEvent(request, 1, command)];
}

/** Records a retry the recruiter asked for, as the next attempt, whatever happened meanwhile. */
export function recordRetry(
  command: Extract<DeliveryCommand, { type: 'RecordRetry' }>,
  state: Delivery,
): DeliveryEvent[] {
  const delivery = ownDelivery(state, command.organisationId);
  return [outcomeEvent(delivery.request, delivery.attempts + 1, command)];
}

function ownDelivery(state: Delivery, organisationId: string): ExistingDelivery {
  if (state.status === 'none' || state.request.organisationId !== organisationId) {
    throw new NotFoundError('No invitation email was found for this invite.');
  }
  return state;
}

/**
 * Whether a recruiter may send this delivery again: only an invitation whose last attempt failed.
 * A live interview's emails are not retried by hand (a reschedule or a re-issued link emails again).
 */
export function retryable(state: Delivery, organisationId: string): ExistingDelivery & { request: InvitationRequest } {
  const delivery = ownDelivery(state, organisationId);
  if (isLiveEmailRequest(delivery.request)) throw new NotFoundError('No invitation email was found for this invite.');
  if (delivery.status === 'sent') throw new ConflictError('The invitation email was already sent.');
  return { ...delivery, request: delivery.request };
}

export function decide(command: DeliveryCommand, state: Delivery): DeliveryEvent[] {
  switch (command.type) {
    case 'RecordFirstAttempt':
      return recordFirstAttempt(command, state);
    case 'RecordRetry':
      return recordRetry(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown command ${JSON.stringify(_exhaustive)}`);
    }
  }
}
