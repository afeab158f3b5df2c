// Policy `sharing.audit`: every share-link event the service publishes is written into its
// organisation's hash-chained audit log. It follows the service's own topic, so an event is audited
// once it is committed (the outbox makes that certain), and the log never blocks a viewer's request.
// Entries are internal events: the log is exported on request, not published.
import type { EventStore, Logger, Policy } from '@candor/runtime';
import { handleCommand } from '@candor/runtime';
import { topics } from '@candor/contracts';
import { auditedTypes, auditEntryAppended, auditLogDecider, auditLogStream } from './audit-log';

export function auditPolicy(deps: { store: EventStore; logger: Logger }): Policy {
  return {
    name: 'sharing.audit',
    topics: [topics.sharing],
    async handle(event) {
      if (!auditedTypes.includes(event.type)) return;
      const organisationId = (event.data as { organisationId?: unknown }).organisationId;
      if (typeof organisationId !== 'string') {
        deps.logger.error(
          { eventId: event.eventId, type: event.type },
          'share event without an organisation; not audited',
        );
        return;
      }
      // several partitions may feed one organisation's log at once: retry the chain's head race
      await handleCommand(
        deps.store,
        auditLogStream(organisationId),
        auditLogDecider,
        { type: 'RecordInAudit', event },
        { occurredAt: event.metadata.occurredAt, actorId: 'system', organisationId, correlationId: event.eventId },
        { maxAttempts: 20, internalTypes: [auditEntryAppended] },
      );
    },
  };
}
