// Policy `media.live-interviews`: the media service's reaction to the invite service's live-interview
// events. A scheduled interview gets its room; a reschedule moves it; a revoked or re-issued link
// changes the link ids the room lets in and removes whoever is connected through the withdrawn link
// (their socket and media, at once); a cancel, or the candidate's decline, closes it (and
// disconnects whoever is connected: the interview will not take place).
// Idempotent, as policies must be: delivery is at least once and the embedded mode replays all
// invite history at every start — the room decider recognises old news and writes nothing.
import { liveEventNames, liveEventSchemas, topics, type EventMetadata, type RecordedEvent } from '@candor/contracts';
import { CandorError, handleCommand, type EventStore, type Logger, type Policy } from '@candor/runtime';
import { roomDecider, roomStream, type RoomCommand } from '../room';

type InviteCommand = Extract<
  RoomCommand,
  { type: 'PrepareRoom' | 'RescheduleRoom' | 'ChangeRoomLinks' | 'CancelRoom' }
>;

/** The command an invite event asks for; null for events this policy ignores. Throws on a bad payload. */
export function roomCommandFor(event: RecordedEvent): InviteCommand | null {
  switch (event.type) {
    case liveEventNames.LiveInterviewScheduled: {
      const { interview, at } = liveEventSchemas.LiveInterviewScheduled.parse(event.data);
      return {
        type: 'PrepareRoom',
        roomId: interview.liveInterviewId,
        organisationId: interview.organisationId,
        templateId: interview.templateId,
        templateName: interview.templateName,
        candidateName: interview.candidate.name,
        startsAt: interview.startsAt,
        durationMinutes: interview.durationMinutes,
        recordable: interview.recordable,
        candidateLinkId: interview.candidateLinkId,
        hostLinkId: interview.hostLinkId,
        at,
      };
    }
    case liveEventNames.LiveInterviewRescheduled: {
      const { interview, at } = liveEventSchemas.LiveInterviewRescheduled.parse(event.data);
      const { liveInterviewId: roomId, organisationId, startsAt } = interview;
      return { type: 'RescheduleRoom', roomId, organisationId, startsAt, at };
    }
    case liveEventNames.LiveLinkRevoked: {
      const { interview, role, linkId, at } = liveEventSchemas.LiveLinkRevoked.parse(event.data);
      const { liveInterviewId: roomId, organisationId } = interview;
      return { type: 'ChangeRoomLinks', roomId, organisationId, role, linkId: null, previousLinkId: linkId, at };
    }
    case liveEventNames.LiveLinkReissued: {
      const { interview, role, linkId, previousLinkId, at } = liveEventSchemas.LiveLinkReissued.parse(event.data);
      const { liveInterviewId: roomId, organisationId } = interview;
      return { type: 'ChangeRoomLinks', roomId, organisationId, role, linkId, previousLinkId, at };
    }
    case liveEventNames.LiveInterviewCancelled: {
      const { interview, at } = liveEventSchemas.LiveInterviewCancelled.parse(event.data);
      const { liveInterviewId: roomId, organisationId } = interview;
      return { type: 'CancelRoom', roomId, organisationId, reason: 'cancelled', at };
    }
    case liveEventNames.LiveInterviewDeclinedByCandidate: {
      const { interview, at } = liveEventSchemas.LiveInterviewDeclinedByCandidate.parse(event.data);
      const { liveInterviewId: roomId, organisationId } = interview;
      return { type: 'CancelRoom', roomId, organisationId, reason: 'candidate-declined', at };
    }
    default:
      return null;
  }
}

export function liveInterviewsPolicy(deps: {
  store: EventStore;
  logger: Logger;
  /** the room was cancelled: close it live and disconnect everyone */
  onCancelled?: (roomId: string, because: 'cancelled' | 'candidate-declined') => Promise<void>;
  /** the room's links changed: remove whoever is connected through a withdrawn one */
  onLinksChanged?: (roomId: string) => Promise<void>;
}): Policy {
  const logger = deps.logger.child({ policy: 'media.live-interviews' });
  return {
    name: 'media.live-interviews',
    topics: [topics.invite],
    async handle(event) {
      let command: InviteCommand | null;
      try {
        command = roomCommandFor(event);
      } catch (error) {
        // a payload that fails its contract can never succeed: skip it rather than block the stream
        logger.error(
          { err: error, eventId: event.eventId, type: event.type },
          'skipped an invalid live-interview event',
        );
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
        await handleCommand(deps.store, roomStream(command.roomId), roomDecider, command, metadata);
      } catch (error) {
        // a room that ended, was cancelled or never prepared stays so: delivering again cannot help
        const final = error instanceof CandorError && (error.status === 404 || error.status === 410);
        if (!final) throw error;
        logger.info(
          { eventId: event.eventId, type: event.type, roomId: command.roomId },
          `event skipped: ${error.message}`,
        );
      }
      if (command.type === 'CancelRoom') await deps.onCancelled?.(command.roomId, command.reason);
      if (command.type === 'ChangeRoomLinks') await deps.onLinksChanged?.(command.roomId);
    },
  };
}
