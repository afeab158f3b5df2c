// Policy `sharing.interviews`: the sharing service follows the live interviews it may be asked to
// share into its own stream per interview: the facts from the invite service's events (no email
// address is kept), the segments from the recording service's (which play, which were deleted) and
// the reviewer scores from the session service's. Idempotent, as policies must be: a redelivered or
// replayed event finds the same thing noted and writes nothing. Scores of asynchronous interviews
// arrive on the same topic and land in a stream nobody shares; they cost a few rows, not a check.
import {
  liveEventNames,
  liveEventSchemas,
  recordingEventNames,
  recordingEventSchemas,
  retentionEventNames,
  retentionEventSchemas,
  reviewEventNames,
  reviewEventSchemas,
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
import { retentionNoted, sharedRetentionDecider, sharedRetentionStream } from '../shared-retention';

const followed = {
  [liveEventNames.LiveInterviewScheduled]: liveEventSchemas.LiveInterviewScheduled,
  [liveEventNames.LiveInterviewRescheduled]: liveEventSchemas.LiveInterviewRescheduled,
  [liveEventNames.LiveInterviewCancelled]: liveEventSchemas.LiveInterviewCancelled,
  [liveEventNames.LiveInterviewDeclinedByCandidate]: liveEventSchemas.LiveInterviewDeclinedByCandidate,
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
    candidateLinkId: interview.candidateLinkId,
  };
}

/** The command an event asks for; null for events this policy ignores. Throws on an invalid payload. */
export function interviewCommandFor(event: RecordedEvent): SharedInterviewCommand | null {
  if (event.type in followed) {
    const schema = followed[event.type as keyof typeof followed];
    const { interview } = schema.parse(event.data);
    // declined by the candidate: it will not take place either, as good as cancelled for a viewer
    const cancelled =
      event.type === liveEventNames.LiveInterviewCancelled || event.type === liveEventNames.LiveInterviewDeclinedByCandidate;
    return { type: 'NoteInterview', facts: factsOf(interview, cancelled) };
  }
  switch (event.type) {
    case recordingEventNames.RecordingSegmentStarted: {
      const { roomId, segmentId, index } = recordingEventSchemas.RecordingSegmentStarted.parse(event.data);
      return { type: 'NoteRecording', liveInterviewId: roomId, segmentId, index, status: 'processing' };
    }
    case recordingEventNames.RecordingSegmentClosed: {
      const { roomId, segmentId, at } = recordingEventSchemas.RecordingSegmentClosed.parse(event.data);
      return { type: 'NoteRecording', liveInterviewId: roomId, segmentId, endedAt: at, status: 'processing' };
    }
    case recordingEventNames.RecordingReady: {
      const { roomId, segmentId, durationMs } = recordingEventSchemas.RecordingReady.parse(event.data);
      return { type: 'NoteRecording', liveInterviewId: roomId, segmentId, durationMs, status: 'ready' };
    }
    case recordingEventNames.RecordingDeleted: {
      const { roomId, segmentId } = recordingEventSchemas.RecordingDeleted.parse(event.data);
      return { type: 'NoteRecording', liveInterviewId: roomId, segmentId, status: 'deleted' };
    }
    case reviewEventNames.ReviewerScoreGiven: {
      const { interviewId, recruiterId, score } = reviewEventSchemas.ReviewerScoreGiven.parse(event.data);
      return { type: 'NoteScore', liveInterviewId: interviewId, recruiterId, score };
    }
    default:
      return null;
  }
}

const organisationOf = (event: RecordedEvent, command: SharedInterviewCommand): string | undefined =>
  command.type === 'NoteInterview'
    ? command.facts.organisationId
    : ((event.data as { organisationId?: string }).organisationId ?? event.metadata.organisationId);

/** Where a command's interview lives: a room is its live interview (`roomId` = `liveInterviewId`). */
const interviewIdOf = (command: SharedInterviewCommand): string =>
  command.type === 'NoteInterview' ? command.facts.liveInterviewId : command.liveInterviewId;

export function interviewsPolicy(deps: { store: EventStore; logger: Logger }): Policy {
  const logger = deps.logger.child({ policy: 'sharing.interviews' });
  return {
    name: 'sharing.interviews',
    topics: [topics.invite, topics.recording, topics.session],
    async handle(event) {
      if (event.type === retentionEventNames.RetentionSet) {
        // the organisation's retention: caps the expiry of its links (no share link outlives the data)
        const parsed = retentionEventSchemas.RetentionSet.safeParse(event.data);
        if (!parsed.success) return logger.error({ eventId: event.eventId }, 'skipped an invalid retention event');
        const { organisationId, days } = parsed.data;
        await handleCommand(
          deps.store,
          sharedRetentionStream(organisationId),
          sharedRetentionDecider,
          { type: 'NoteRetention', organisationId, days },
          { occurredAt: event.metadata.occurredAt, actorId: 'system', organisationId },
          { internalTypes: [retentionNoted], maxAttempts: 10 },
        );
        return;
      }
      let command: SharedInterviewCommand | null;
      try {
        command = interviewCommandFor(event);
      } catch (error) {
        // a payload that fails its contract can never succeed: skip it rather than block the stream
        logger.error({ err: error, eventId: event.eventId, type: event.type }, 'skipped an invalid invite event');
        return;
      }
      if (!command) return;
      await handleCommand(
        deps.store,
        sharedInterviewStream(interviewIdOf(command)),
        sharedInterviewDecider,
        command,
        {
          occurredAt: event.metadata.occurredAt,
          actorId: 'system',
          organisationId: organisationOf(event, command),
          correlationId: event.metadata.correlationId ?? event.eventId,
        },
        // the three topics feed one stream from several partitions: retry the races
        { internalTypes: sharedInterviewInternalTypes, maxAttempts: 10 },
      );
    },
  };
}
