// Policy `sharing.interviews`: the sharing service follows the live interviews it may be asked to
// share, from the invite service's events, into its own stream per interview (no email address
// is kept). Idempotent, as policies must be: a redelivered or replayed event finds the same facts
// noted and writes nothing.
import {
  liveEventNames,
  liveEventSchemas,
  topics,
  type LiveInterviewDetails,
  type RecordedEvent,
} from '@candor/contracts';
import { handleCommand, type EventStore, type Logger, type Policy } from '@candor/runtime';
import {
  sharedInterviewDecider,
  sharedInterviewInternalTypes,
  sharedInterviewStream,
  type InterviewFacts,
  type SharedInterviewCommand,
} from '../shared-interview';

const followed = {
  [liveEventNames.LiveInterviewScheduled]: liveEventSchemas.LiveInterviewScheduled,
  [liveEventNames.LiveInterviewRescheduled]: liveEventSchemas.LiveInterviewRescheduled,
  [liveEventNames.LiveInterviewCancelled]: liveEventSchemas.LiveInterviewCancelled,
  [liveEventNames.LiveLinkRevoked]: liveEventSchemas.LiveLinkRevoked,
  [liveEventNames.LiveLinkReissued]: liveEventSchemas.LiveLinkReissued,
} as const;

export function factsOf(interview: LiveInterviewDetails, cancelled: boolean): InterviewFacts {
  return {
    liveInterviewId: interview.liveInterviewId,
    organisationId: interview.organisationId,
    organisationName: interview.organisationName,
    title: interview.templateName,
    candidateName: interview.candidate.name,
    inviterName: interview.scheduledBy.name,
    startsAt: interview.startsAt,
    timeZone: interview.timeZone,
    durationMinutes: interview.durationMinutes,
    interviewerNames: [
      ...new Set([interview.scheduledBy.name, ...interview.interviewers.map((person) => person.name)]),
    ],
    cancelled,
  };
}

/** The command an invite event asks for; null for events this policy ignores. */
export function interviewCommandFor(event: RecordedEvent): SharedInterviewCommand | null {
  if (!(event.type in followed)) return null;
  const schema = followed[event.type as keyof typeof followed];
  const { interview } = schema.parse(event.data);
  return { type: 'NoteInterview', facts: factsOf(interview, event.type === liveEventNames.LiveInterviewCancelled) };
}

export function interviewsPolicy(deps: { store: EventStore; logger: Logger }): Policy {
  const logger = deps.logger.child({ policy: 'sharing.interviews' });
  return {
    name: 'sharing.interviews',
    topics: [topics.invite],
    async handle(event) {
      let command: SharedInterviewCommand | null;
      try {
        command = interviewCommandFor(event);
      } catch (error) {
        // a payload that fails its contract can never succeed: skip it rather than block the stream
        logger.error({ err: error, eventId: event.eventId, type: event.type }, 'skipped an invalid invite event');
        return;
      }
      if (!command || command.type !== 'NoteInterview') return;
      await handleCommand(
        deps.store,
        sharedInterviewStream(command.facts.liveInterviewId),
        sharedInterviewDecider,
        command,
        {
          occurredAt: event.metadata.occurredAt,
          actorId: 'system',
          organisationId: command.facts.organisationId,
          correlationId: event.metadata.correlationId ?? event.eventId,
        },
        { internalTypes: sharedInterviewInternalTypes },
      );
    },
  };
}
