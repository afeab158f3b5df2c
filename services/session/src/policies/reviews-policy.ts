// Policy `session.reviews`: opens the review of every interview the invite service creates — a live
// interview when it is scheduled, an async one when the candidate is invited — so reviewer scores
// are checked against the interview's organisation in this service's own write model. Idempotent:
// a replayed event finds the review open and writes nothing.
import {
  inviteEventNames,
  inviteEventSchemas,
  liveEventNames,
  liveEventSchemas,
  topics,
  type EventMetadata,
  type RecordedEvent,
} from '@candor/contracts';
import { handleCommand, type EventStore, type Logger, type Policy } from '@candor/runtime';
import { reviewDecider, reviewStream, type ReviewCommand } from '../review';

type OpenReview = Extract<ReviewCommand, { type: 'OpenReview' }>;

function commandFor(event: RecordedEvent): OpenReview | null {
  switch (event.type) {
    case liveEventNames.LiveInterviewScheduled: {
      const { interview, at } = liveEventSchemas.LiveInterviewScheduled.parse(event.data);
      return {
        type: 'OpenReview',
        interviewId: interview.liveInterviewId,
        organisationId: interview.organisationId,
        kind: 'live',
        candidateName: interview.candidate.name,
        at,
      };
    }
    case inviteEventNames.CandidateInvited: {
      const data = inviteEventSchemas.CandidateInvited.parse(event.data);
      return {
        type: 'OpenReview',
        interviewId: data.inviteId,
        organisationId: data.organisationId,
        kind: 'async',
        candidateName: data.candidateName,
        at: data.invitedAt,
      };
    }
    default:
      return null;
  }
}

export function reviewsPolicy(deps: { store: EventStore; logger: Logger }): Policy {
  const logger = deps.logger.child({ policy: 'session.reviews' });
  return {
    name: 'session.reviews',
    topics: [topics.invite],
    async handle(event) {
      let command: OpenReview | null;
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
      await handleCommand(deps.store, reviewStream(command.interviewId), reviewDecider, command, metadata);
    },
  };
}
