// Policy `session.invites`: the session service's reaction to the invite service's events. An
// invited candidate gets a session (a snapshot of the job's questions); a revoked or re-issued link
// and a changed expiry change the link the session's candidate endpoints open. Idempotent, as
// policies must be: delivery is at least once and the embedded mode replays all invite history at
// every start — a replay finds the session created, its link ids known and its expiry as new as
// the event, and writes nothing.
import {
  inviteEventNames,
  inviteEventSchemas,
  topics,
  type EventMetadata,
  type RecordedEvent,
} from '@candor/contracts';
import { handleCommand, NotFoundError, type EventStore, type Logger, type Policy } from '@candor/runtime';
import { sessionDecider, sessionStream, type SessionCommand } from '../session';

type InviteCommand = Extract<SessionCommand, { type: 'CreateSession' | 'ChangeLink' | 'SetLinkExpiry' }>;

export function invitesPolicy(deps: { store: EventStore; logger: Logger }): Policy {
  const logger = deps.logger.child({ policy: 'session.invites' });

  /** The command an invite event asks for; null for events this policy ignores. */
  function commandFor(event: RecordedEvent): InviteCommand | null {
    switch (event.type) {
      case inviteEventNames.CandidateInvited: {
        const data = inviteEventSchemas.CandidateInvited.parse(event.data);
        return {
          type: 'CreateSession',
          sessionId: data.inviteId,
          organisationId: data.organisationId,
          inviteId: data.inviteId,
          jobId: data.jobId,
          jobTitle: data.jobTitle,
          jobDescription: data.jobDescription,
          questions: data.questions,
          candidateName: data.candidateName,
          candidateEmail: data.candidateEmail,
          linkId: data.linkId,
          linkExpiresAt: data.expiresAt,
          at: data.invitedAt,
        };
      }
      case inviteEventNames.InviteLinkRevoked: {
        const data = inviteEventSchemas.InviteLinkRevoked.parse(event.data);
        const { inviteId, organisationId, linkId, at } = data;
        return { type: 'ChangeLink', sessionId: inviteId, organisationId, linkId: null, previousLinkId: linkId, at };
      }
      case inviteEventNames.InviteLinkReissued: {
        const data = inviteEventSchemas.InviteLinkReissued.parse(event.data);
        const { inviteId, organisationId, linkId, previousLinkId, expiresAt, at } = data;
        return { type: 'ChangeLink', sessionId: inviteId, organisationId, linkId, previousLinkId, expiresAt, at };
      }
      case inviteEventNames.InviteExpirySet: {
        const { inviteId, organisationId, expiresAt, at } = inviteEventSchemas.InviteExpirySet.parse(event.data);
        return { type: 'SetLinkExpiry', sessionId: inviteId, organisationId, expiresAt, at };
      }
      default:
        return null;
    }
  }

  return {
    name: 'session.invites',
    topics: [topics.invite],
    async handle(event) {
      let command: InviteCommand | null;
      try {
        command = commandFor(event);
      } catch (error) {
        // a payload that fails its contract can never succeed: skip it rather than block the stream
        logger.error({ err: error, eventId: event.eventId, type: event.type }, 'skipped an invalid invite event');
        return;
      }
      if (!command) return;
      const metadata: EventMetadata = {
        occurredAt: command.at,
        actorId: 'system',
        organisationId: command.organisationId,
        correlationId: event.metadata.correlationId ?? event.eventId,
      };
      try {
        // handleCommand reloads and decides again when a concurrent append wins the race
        await handleCommand(deps.store, sessionStream(command.sessionId), sessionDecider, command, metadata);
      } catch (error) {
        // a link change for a session that was never created (its invite event was invalid) stays so
        if (!(error instanceof NotFoundError)) throw error;
        logger.warn({ eventId: event.eventId, type: event.type }, 'no session for this invite; event skipped');
      }
    },
  };
}
