// Policy `recording.rooms`: the recording service's reaction to the media rooms' events. It notes
// consent, joins, admissions and departures on the interview's recordings stream, opens a segment
// when the host starts recording and closes it when they stop (or the interview ends, or is
// cancelled), and drives the recorder to match: start on open, add/remove participants, stop on close,
// then the composite job in the background.
//
// Idempotent, as policies must be: every note carries the media event id and the decider refuses a
// second one, and the recorder is only told to act when the command actually appended — so a
// redelivered or replayed event (the embedded mode replays all media history at start) changes
// nothing and starts no capture. A recorder that fails to start is logged; the segment then closes
// as interrupted with what (little) was captured.
import { randomUUID } from 'node:crypto';
import { ZodError } from 'zod';
import {
  roomEventNames as media,
  roomEventSchemas as schemas,
  topics,
  type EventMetadata,
  type RecordedEvent,
} from '@candor/contracts';
import { handleCommand, type EventStore, type Logger, type Policy } from '@candor/runtime';
import { openSegment, recordingsDecider, recordingsStream, type RecordingCommand } from '../interview-recordings';
import { loadRecordings } from '../interview-recordings';
import type { SegmentRecorder } from '../ports';
import type { SegmentProcessing } from '../processing/segment-processing';

export interface RoomsPolicyDeps {
  store: EventStore;
  recorder: SegmentRecorder;
  processing: Pick<SegmentProcessing, 'process'>;
  logger: Logger;
}

type Room = { roomId: string; organisationId: string; at: string };

export function roomsPolicy(deps: RoomsPolicyDeps): Policy {
  const logger = deps.logger.child({ policy: 'recording.rooms' });

  const run = (room: Room, command: RecordingCommand, event: RecordedEvent) => {
    const metadata: EventMetadata = {
      occurredAt: room.at,
      actorId: 'system',
      organisationId: room.organisationId,
      correlationId: event.metadata.correlationId ?? event.eventId,
    };
    return handleCommand(deps.store, recordingsStream(room.roomId), recordingsDecider, command, metadata);
  };

  /**
   * Closes the open segment and hands it to the background job, which stops its capture (ffmpeg
   * finalising takes a moment: the room's next events must not wait for it) and makes the composite.
   */
  async function close(room: Room, event: RecordedEvent) {
    const state = await loadRecordings(deps.store, room.roomId);
    const open = openSegment(state);
    if (!open) return;
    const ref = { roomId: room.roomId, organisationId: room.organisationId, segmentId: open.id };
    const interrupted = deps.recorder.interrupted(open.id);
    const command: RecordingCommand = { type: 'CloseSegment', ...room, mediaEventId: event.eventId, interrupted };
    const outcome = await run(room, command, event);
    if (outcome.position === 0) return;
    const closed = outcome.state.segments.find((segment) => segment.id === open.id)!;
    // the composite's timeline: the segment as the room recorded it (the host's start and stop)
    const span = closed.endedAt
      ? { startedAtMs: Date.parse(closed.startedAt), endedAtMs: Date.parse(closed.endedAt) }
      : undefined;
    deps.processing.process(ref, () => deps.recorder.stop(open.id), closed.participants, span);
  }

  async function react(event: RecordedEvent): Promise<void> {
    const mediaEventId = event.eventId;
    switch (event.type) {
      case media.RecordingConsentGiven: {
        const { roomId, organisationId, linkId, notice, at } = schemas.RecordingConsentGiven.parse(event.data);
        await run(
          { roomId, organisationId, at },
          { type: 'NoteConsent', roomId, organisationId, at, mediaEventId, consent: { linkId, notice, at } },
          event,
        );
        return;
      }
      case media.ParticipantJoined: {
        const { roomId, organisationId, participantId, name, role, at } = schemas.ParticipantJoined.parse(event.data);
        const participant = { participantId, name, role };
        const outcome = await run(
          { roomId, organisationId, at },
          { type: 'NoteParticipantJoined', roomId, organisationId, at, mediaEventId, participant },
          event,
        );
        await addedToSegment(outcome, participantId);
        return;
      }
      case media.CandidateAdmitted: {
        const { roomId, organisationId, at } = schemas.CandidateAdmitted.parse(event.data);
        const outcome = await run(
          { roomId, organisationId, at },
          { type: 'NoteCandidateAdmitted', roomId, organisationId, at, mediaEventId },
          event,
        );
        await addedToSegment(outcome, 'candidate');
        return;
      }
      case media.ParticipantLeft: {
        const { roomId, organisationId, participantId, at } = schemas.ParticipantLeft.parse(event.data);
        const outcome = await run(
          { roomId, organisationId, at },
          { type: 'NoteParticipantLeft', roomId, organisationId, at, mediaEventId, participantId },
          event,
        );
        const open = openSegment(outcome.state);
        if (outcome.position > 0 && open?.participants.some((p) => p.participantId === participantId)) {
          deps.recorder.removeParticipant(open.id, participantId).catch((error) => {
            logger.warn({ err: error, roomId, participantId }, 'the recorder could not let a participant go');
          });
        }
        return;
      }
      case media.RecordingStarted: {
        const { roomId, organisationId, by, byName, at } = schemas.RecordingStarted.parse(event.data);
        const segmentId = randomUUID();
        const outcome = await run(
          { roomId, organisationId, at },
          { type: 'StartSegment', roomId, organisationId, at, mediaEventId, segmentId, by, byName },
          event,
        );
        if (outcome.position === 0) return;
        const participants = openSegment(outcome.state)?.participants ?? [];
        // how long the room's event took to get here: the capture cannot begin earlier
        logger.info({ roomId, segmentId, lagMs: Date.now() - Date.parse(at) }, 'recording segment opened');
        await deps.recorder.start({ roomId, organisationId, segmentId, participants }).catch((error) => {
          logger.error(
            { err: error, roomId, segmentId },
            'the recorder could not start; the segment will close as interrupted',
          );
        });
        return;
      }
      case media.RecordingStopped: {
        const { roomId, organisationId, at } = schemas.RecordingStopped.parse(event.data);
        return close({ roomId, organisationId, at }, event);
      }
      case media.InterviewEnded: {
        const { roomId, organisationId, at } = schemas.InterviewEnded.parse(event.data);
        return close({ roomId, organisationId, at }, event);
      }
      case media.RoomCancelled: {
        const { roomId, organisationId, at } = schemas.RoomCancelled.parse(event.data);
        return close({ roomId, organisationId, at }, event);
      }
      default:
        return;
    }
  }

  /** A participant who joined a recording segment: the recorder takes them in too. */
  async function addedToSegment(outcome: Awaited<ReturnType<typeof run>>, participantId: string) {
    const open = openSegment(outcome.state);
    if (outcome.position === 0 || !open) return;
    const participant = open.participants.find((p) => p.participantId === participantId);
    if (!participant) return;
    deps.recorder.addParticipant(open.id, participant).catch((error) => {
      logger.warn({ err: error, segmentId: open.id, participantId }, 'the recorder could not add a participant');
    });
  }

  return {
    name: 'recording.rooms',
    topics: [topics.media],
    async handle(event) {
      try {
        await react(event);
      } catch (error) {
        if (error instanceof ZodError) {
          // a payload that fails its contract can never succeed: skip it rather than block the stream
          logger.error({ err: error, eventId: event.eventId, type: event.type }, 'skipped an invalid media event');
          return;
        }
        throw error;
      }
    },
  };
}
