// Create commands that a double submit must not repeat (invite a candidate, schedule a live
// interview). The client sends an `Idempotency-Key` per form submission; the first request with a
// key creates the aggregate AND records the key in the same transaction, in a stream of its own
// (`request-<hash of organisation, recruiter, key>`, expected version 0). A later or concurrent
// request with the same key finds that stream and answers the first result instead of creating a
// second aggregate. The key's event is internal: it never leaves the service.
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod';
import {
  CandorError,
  ConcurrencyError,
  ConflictError,
  ValidationError,
  type Decider,
  type DomainEvent,
  currentTraceHeaders,
  withSpan,
  type EventStore,
} from '@candor/runtime';
import type { EventMetadata } from '@candor/contracts';

export const idempotencyKeyHeader = 'Idempotency-Key';
const keySchema = z.string().regex(/^[A-Za-z0-9_-]{16,128}$/);
const keyUsedType = 'invite.RequestKeyUsed.v1';

interface KeyUsed {
  /** the aggregate the first request made */
  id: string;
  streamId: string;
  /** how many events the first request appended: its answer's position is the last of them */
  eventCount: number;
  /** the first request's body, hashed: the same key with another body is a client bug, not a retry */
  fingerprint: string;
}

/** The request's key, or undefined without one; a malformed key is a 400. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const raw = req.get(idempotencyKeyHeader);
  if (raw === undefined) return undefined;
  const parsed = keySchema.safeParse(raw);
  if (!parsed.success)
    throw new ValidationError(`${idempotencyKeyHeader} must be 16 to 128 letters, digits, '-' or '_'.`);
  return parsed.data;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface CreatedOnce<State> {
  id: string;
  streamId: string;
  position: number;
  state: State;
  /** true when an earlier request with the same key made it: nothing new was created */
  replayed: boolean;
}

/**
 * Runs a create command on a new stream, at most once per key. `fingerprint` is what the request
 * asked for (its body); the scope keeps one recruiter's keys apart from everyone else's.
 */
export async function createOnce<State, Command, Event extends DomainEvent>(
  store: EventStore,
  input: CreateOnceInput<State, Command, Event>,
): Promise<CreatedOnce<State>> {
  // a command span like handleCommand's, and its trace context in the events' metadata: the relay and
  // every consumer continue the request's trace (without it each of them starts a trace of its own)
  const commandName = (input.command as { type?: string }).type ?? 'command';
  return withSpan(`command ${commandName}`, { attributes: { 'candor.stream_id': input.streamId } }, () =>
    createOnceTraced(store, { ...input, metadata: { ...input.metadata, ...currentTraceHeaders() } }),
  );
}

interface CreateOnceInput<State, Command, Event extends DomainEvent> {
  key: string | undefined;
  scope: { organisationId: string; recruiterId: string };
  fingerprint: unknown;
  id: string;
  streamId: string;
  decider: Decider<State, Command, Event>;
  command: Command;
  metadata: EventMetadata;
  /** runs only when the key was not used yet: a refusal that a retry of a created request must not see */
  check?: () => Promise<void>;
}

async function createOnceTraced<State, Command, Event extends DomainEvent>(
  store: EventStore,
  input: CreateOnceInput<State, Command, Event>,
): Promise<CreatedOnce<State>> {
  const { decider, streamId, key } = input;
  const fingerprint = sha256(JSON.stringify(input.fingerprint));
  const keyStream = key && `request-${sha256(`${input.scope.organisationId}\n${input.scope.recruiterId}\n${key}`)}`;

  if (keyStream) {
    const earlier = await replay(store, decider, keyStream, fingerprint);
    if (earlier) return earlier;
  }

  if (input.check) {
    try {
      await input.check();
    } catch (refusal) {
      // a request with the same key may have been created between the look-up above and the check
      // (two submissions at once), and the check may be refusing because of it: answer its result
      const earlier = keyStream ? await replay(store, decider, keyStream, fingerprint) : null;
      if (earlier) return earlier;
      throw refusal;
    }
  }
  const events = decider.decide(input.command, decider.initialState());
  const toAppend = events.map((event) => ({ type: event.type, data: event.data, metadata: input.metadata }));
  let lastPosition: number;
  try {
    if (!keyStream) {
      ({ lastPosition } = await store.append(streamId, toAppend, { expectedVersion: 0 }));
    } else {
      const used: KeyUsed = { id: input.id, streamId, eventCount: events.length, fingerprint };
      const [created] = await store.appendMany([
        { streamId, events: toAppend, expectedVersion: 0 },
        {
          streamId: keyStream,
          events: [{ type: keyUsedType, data: used, metadata: input.metadata, internal: true }],
          expectedVersion: 0,
        },
      ]);
      lastPosition = created!.lastPosition;
    }
  } catch (error) {
    if (!(error instanceof ConcurrencyError)) throw error;
    // the same key won the race a moment ago: answer its result
    const earlier = keyStream ? await replay(store, decider, keyStream, fingerprint) : null;
    if (earlier) return earlier;
    throw new ConflictError('Someone else changed this at the same moment; try again.');
  }
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return { id: input.id, streamId, position: lastPosition, state, replayed: false };
}

async function replay<State, Event extends DomainEvent>(
  store: EventStore,
  decider: Decider<State, never, Event>,
  keyStream: string,
  fingerprint: string,
): Promise<CreatedOnce<State> | null> {
  const [recorded] = await store.readStream(keyStream);
  if (!recorded) return null;
  const used = recorded.data as KeyUsed;
  if (used.fingerprint !== fingerprint)
    throw new CandorError(
      422,
      'Idempotency key reused',
      `This ${idempotencyKeyHeader} was already used for a different request; send a new key for a new request.`,
    );
  const events = await store.readStream(used.streamId);
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event as unknown as Event);
  const position = events[used.eventCount - 1]?.position ?? recorded.position;
  return { id: used.id, streamId: used.streamId, position, state, replayed: true };
}
