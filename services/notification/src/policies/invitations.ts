// Policy `notification.invitations`: emails the candidate their link when the invite service invites
// them (`CandidateInvited`) or re-issues their link (`InviteLinkReissued`). One automatic attempt per
// link: a delivery stream that exists already has its outcome, so a replayed or redelivered event
// sends nothing, and a failed email waits for the recruiter's retry. Transport errors are recorded
// (EmailFailed); event store errors throw, so the bus delivers the event again. A crash between the
// send and the append sends that email twice on redelivery — with the same Message-ID (delivery
// messageKeyOf), so receiving mail systems keep one: delivery is at least once.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { inviteEventNames, inviteEventSchemas, topics, type RecordedEvent } from '@candor/contracts';
import { handleCommand, type EventStore, type Logger, type Policy } from '@candor/runtime';
import { deliveryDecider, deliveryStream, messageKeyOf, type InvitationRequest } from '../delivery';
import type { DeliveryOutcomes } from '../delivery-metrics';
import type { InvitationSender } from '../invitation-sender';
import type { EmailTransport } from '../transport';

export const invitationsPolicyName = 'notification.invitations';

// Link tokens name their invite by its UUID: an event with another id could never get a working link.
const uuid = z.uuid();
const triggers = {
  [inviteEventNames.CandidateInvited]: { schema: inviteEventSchemas.CandidateInvited, reason: 'invited' },
  [inviteEventNames.InviteLinkReissued]: { schema: inviteEventSchemas.InviteLinkReissued, reason: 'link-reissued' },
} as const;

/** The email an invite event asks for, null for events this policy ignores; throws on a malformed one. */
export function invitationRequestOf(event: RecordedEvent, emailId: string): InvitationRequest | null {
  const trigger = triggers[event.type as keyof typeof triggers];
  if (!trigger) return null;
  const data = trigger.schema.parse(event.data);
  uuid.parse(data.inviteId);
  return {
    emailId,
    organisationId: data.organisationId,
    inviteId: data.inviteId,
    linkId: data.linkId,
    purpose: 'candidate-invitation',
    to: data.candidateEmail,
    candidateName: data.candidateName,
    jobTitle: data.jobTitle,
    expiresAt: data.expiresAt,
    reason: trigger.reason,
    sourceEventId: event.eventId,
  };
}

export function invitationsPolicy(deps: {
  store: EventStore;
  sender: InvitationSender;
  transport: Pick<EmailTransport, 'kind'>;
  logger: Logger;
  now: () => Date;
  /** told each outcome recorded (the composition counts them on /metrics) */
  outcomes?: DeliveryOutcomes;
}): Policy {
  const logger = deps.logger.child({ policy: invitationsPolicyName });
  return {
    name: invitationsPolicyName,
    topics: [topics.invite],
    async handle(event) {
      let request: InvitationRequest | null;
      try {
        request = invitationRequestOf(event, randomUUID());
      } catch (error) {
        // a malformed event can never succeed: skip it rather than block the partition
        logger.error(
          { err: error, eventId: event.eventId, type: event.type },
          'skipped an invite event that fails its contract',
        );
        return;
      }
      if (!request) return;
      const streamId = deliveryStream(request.inviteId, request.linkId);
      if ((await deps.store.readStream(streamId)).length > 0) return;

      const outcome = await deps.sender.send(request, messageKeyOf(streamId, 1));
      const at = deps.now().toISOString();
      const recorded = await handleCommand(
        deps.store,
        streamId,
        deliveryDecider,
        { type: 'RecordFirstAttempt', request, outcome, transport: deps.transport.kind, at },
        { occurredAt: at, actorId: 'system', organisationId: request.organisationId, correlationId: event.eventId },
      );
      if (recorded.position > 0) deps.outcomes?.({ purpose: request.purpose, attempt: 'first', outcome: outcome.ok ? 'sent' : 'failed' });
      logger.info(
        {
          emailId: request.emailId,
          inviteId: request.inviteId,
          linkId: request.linkId,
          status: outcome.ok ? 'sent' : 'failed',
        },
        'invitation email attempted',
      );
    },
  };
}
