// Policy `sharing.organisations`: who may set an organisation's share ceilings. Identity has no
// roles yet, so the admin is the organisation's founder, named by `identity.OrganisationCreated`
// (`createdBy`); it is noted in the organisation's share settings stream as an internal event, so
// the ceilings' check happens on this service's own write model. Idempotent: the founder is noted
// once, a redelivery or a replay writes nothing.
import { identityEvents, identityEventTypes, topics } from '@candor/contracts';
import { handleCommand, type EventStore, type Logger, type Policy } from '@candor/runtime';
import { organisationAdminNoted, shareSettingsDecider, shareSettingsStream } from '../share-settings';

export function organisationsPolicy(deps: { store: EventStore; logger: Logger }): Policy {
  const logger = deps.logger.child({ policy: 'sharing.organisations' });
  return {
    name: 'sharing.organisations',
    topics: [topics.identity],
    async handle(event) {
      if (event.type !== identityEventTypes.OrganisationCreated) return;
      const parsed = identityEvents.OrganisationCreated.safeParse(event.data);
      // a payload that fails its contract can never succeed: skip it rather than block the stream
      if (!parsed.success) return logger.error({ eventId: event.eventId }, 'skipped an invalid OrganisationCreated');
      const { organisationId, createdBy } = parsed.data;
      await handleCommand(
        deps.store,
        shareSettingsStream(organisationId),
        shareSettingsDecider,
        { type: 'NoteOrganisationAdmin', organisationId, adminId: createdBy },
        { occurredAt: event.metadata.occurredAt, actorId: 'system', organisationId, correlationId: event.eventId },
        { internalTypes: [organisationAdminNoted], maxAttempts: 10 },
      );
    },
  };
}
