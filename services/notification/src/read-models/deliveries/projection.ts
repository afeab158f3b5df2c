// The deliveries read model: one document per invitation email (per invite link), with its status
// and attempts, for the recruiter's invite page. Built only from this service's own events; the
// request event is not needed here (every outcome event repeats what the view shows).
import {
  notificationEventNames as types,
  notificationEventSchemas,
  topics,
  type DeliveryView,
  type RecordedEvent,
} from '@candor/contracts';
import type { Projection } from '@candor/runtime';
import type { DeliveryEvent } from '../../delivery';

export type DeliveryDocument = DeliveryView & { _id: string; organisationId: string };

type OutcomeEvent = Extract<DeliveryEvent, { type: typeof types.EmailSent | typeof types.EmailFailed }>;
type DeliveryRecordedEvent = RecordedEvent<OutcomeEvent['type']> & OutcomeEvent;

const schemas = {
  [types.EmailSent]: notificationEventSchemas.EmailSent,
  [types.EmailFailed]: notificationEventSchemas.EmailFailed,
} as const;

export const deliveriesProjection: Projection<DeliveryDocument, DeliveryRecordedEvent> = {
  name: 'notification.deliveries',
  collection: 'notification_deliveries',
  topics: [topics.notification],
  decode(event) {
    const schema = schemas[event.type as keyof typeof schemas];
    if (!schema) return null;
    const data = schema.safeParse(event.data);
    return data.success ? ({ ...event, data: data.data } as DeliveryRecordedEvent) : null;
  },
  documentId: (event) => event.data.emailId,
  evolve(doc, event) {
    const { emailId, organisationId, inviteId, linkId, to, transport, attempt, at } = event.data;
    const base = doc ?? { _id: emailId, id: emailId, organisationId, inviteId, linkId, createdAt: at };
    const common = { ...base, to, transport, attempts: Math.max(attempt, doc?.attempts ?? 0), updatedAt: at };
    switch (event.type) {
      case types.EmailSent:
        return { ...common, status: 'sent', lastError: null };
      case types.EmailFailed:
        return { ...common, status: 'failed', lastError: event.data.error };
    }
  },
};
