// The envelope every event travels in, in the event store and on the bus. Event names are versioned
// (`invite.JobCreated.v1`): a breaking change to a payload is a new name, never an edit of the old one.
import { z } from 'zod';

export const eventMetadataSchema = z.object({
  /** when the command that caused the event was accepted (ISO 8601); the domain never reads a clock */
  occurredAt: z.string(),
  /** who caused it: a recruiter id, 'system', or a link id for candidate actions */
  actorId: z.string().optional(),
  organisationId: z.string().optional(),
  correlationId: z.string().optional(),
  /** W3C trace context of the command, so consumers continue the same trace */
  traceparent: z.string().optional(),
  tracestate: z.string().optional(),
});
export type EventMetadata = z.infer<typeof eventMetadataSchema>;

export const recordedEventSchema = z.object({
  eventId: z.string(),
  streamId: z.string(),
  /** 1 for the first event of a stream */
  streamVersion: z.number().int().positive(),
  /** global position in the owning service's event store; grows with every append */
  position: z.number().int().positive(),
  type: z.string(),
  data: z.unknown(),
  metadata: eventMetadataSchema,
  recordedAt: z.string(),
});
export type RecordedEvent<Type extends string = string, Data = unknown> = Omit<
  z.infer<typeof recordedEventSchema>,
  'type' | 'data'
> & { type: Type; data: Data };

/** Bus topic that carries one service's events. */
export const topics = {
  identity: 'candor.identity.events',
  invite: 'candor.invite.events',
  session: 'candor.session.events',
  notification: 'candor.notification.events',
  media: 'candor.media.events',
  recording: 'candor.recording.events',
  sharing: 'candor.sharing.events',
} as const;

/**
 * Read-your-writes: a command answers with the stream it wrote and the position of its last event;
 * a read given `waitFor=<streamId>@<position>` waits (bounded) until the read model has applied it.
 */
export function consistencyToken(streamId: string, position: number): string {
  return `${streamId}@${position}`;
}
export const consistencyTokenSchema = z
  .string()
  .max(300)
  .regex(/^[A-Za-z0-9:_-]+@[0-9]{1,15}$/, 'waitFor must look like <streamId>@<position>')
  .transform((token) => {
    const at = token.lastIndexOf('@');
    return { streamId: token.slice(0, at), position: Number(token.slice(at + 1)) };
  });

export const commandResultSchema = z.object({
  id: z.string(),
  streamId: z.string(),
  position: z.number().int(),
  /** pass as `waitFor` to the next read to see this write */
  waitFor: z.string(),
});
export type CommandResult = z.infer<typeof commandResultSchema>;
