// Client of the notification service: what the organisation can deliver, the invitation emails of
// an invite, retrying a failed one, and the local mailbox of the embedded mode.
import {
  apiPaths,
  deliveriesResponse,
  deliverySettings,
  mailboxMessage,
  retryDeliveryResponse,
  type DeliveriesResponse,
  type DeliverySettings,
  type MailboxMessage,
  type RetryDeliveryResponse,
} from '@candor/contracts';
import { callService, type ResponseSchema } from './http';
import type { ReadOptions } from './invite';

export function getDeliverySettings(token: string): Promise<DeliverySettings> {
  return callService('notification', deliverySettings, { path: apiPaths.notification.settings, token });
}

/** Email can really leave the building: an SMTP transport that is configured. */
export function canEmail(settings: DeliverySettings | null): boolean {
  return settings !== null && settings.email.configured && settings.email.transport === 'smtp';
}

export function listDeliveries(
  token: string,
  inviteId: string,
  options: ReadOptions = {},
): Promise<DeliveriesResponse> {
  return callService('notification', deliveriesResponse, {
    path: apiPaths.notification.deliveries(inviteId),
    query: { waitFor: options.waitFor },
    token,
  });
}

/** 202: the email was tried again; `status` is how that attempt went, `waitFor` shows it in the deliveries. */
export function retryDelivery(token: string, inviteId: string): Promise<RetryDeliveryResponse> {
  return callService('notification', retryDeliveryResponse, {
    method: 'POST',
    path: apiPaths.notification.retry(inviteId),
    token,
  });
}

// The contracts name the message but not the list's envelope: `{ messages: MailboxMessage[] }`.
const mailboxMessages = mailboxMessage.array();
const mailboxResponse: ResponseSchema<MailboxMessage[]> = {
  parse: (value) => mailboxMessages.parse((value as { messages?: unknown } | null | undefined)?.messages),
};

export function listMailbox(token: string): Promise<MailboxMessage[]> {
  return callService('notification', mailboxResponse, { path: apiPaths.notification.mailbox, token });
}
