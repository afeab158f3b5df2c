// Runs one command against one aggregate: load its stream, fold `evolve`, let the pure `decide`
// return new events, append them with the version we read. A concurrent writer makes the append
// fail; the whole cycle is retried a bounded number of times before the caller sees a 409.
// A caller that has just minted the stream id (a random UUID for a new job) says so with
// `freshStream`: the first attempt then skips the read (one Postgres round trip per creation) and
// appends expecting version 0 — the store still checks it, and should the stream exist after all,
// the conflict sends the next attempt through the ordinary read.
import type { EventMetadata } from '@candor/contracts';
import { ConflictError } from '../errors';
import { ConcurrencyError, type EventStore } from '../event-store/types';
import { currentTraceHeaders, withSpan } from '../telemetry/tracing';

export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export interface Decider<State, Command, Event extends DomainEvent> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): Event[];
}

export interface CommandOutcome<State> {
  streamId: string;
  /** global position of the last appended event (0 when the command appended nothing) */
  position: number;
  nextVersion: number;
  state: State;
}

export async function handleCommand<State, Command, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, Command, Event>,
  command: Command,
  metadata: EventMetadata,
  options: { maxAttempts?: number; internalTypes?: readonly string[]; freshStream?: boolean } = {},
): Promise<CommandOutcome<State>> {
  const maxAttempts = options.maxAttempts ?? 3;
  const commandName = (command as { type?: string }).type ?? 'command';
  return withSpan(`command ${commandName}`, { attributes: { 'candor.stream_id': streamId } }, async () => {
    // Events carry the command's trace context, so the relay and every consumer continue its trace.
    const tracedMetadata = { ...metadata, ...currentTraceHeaders() };
    for (let attempt = 1; ; attempt++) {
      const past = attempt === 1 && options.freshStream ? [] : await store.readStream(streamId);
      let state = decider.initialState();
      for (const event of past) state = decider.evolve(state, event as unknown as Event);
      const events = decider.decide(command, state);
      if (events.length === 0) return { streamId, position: 0, nextVersion: past.length, state };
      try {
        const appended = await store.append(
          streamId,
          events.map((event) => ({
            type: event.type,
            data: event.data,
            metadata: tracedMetadata,
            internal: options.internalTypes?.includes(event.type),
          })),
          { expectedVersion: past.length },
        );
        for (const event of events) state = decider.evolve(state, event);
        return { streamId, position: appended.lastPosition, nextVersion: appended.nextVersion, state };
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        if (attempt >= maxAttempts) {
          throw new ConflictError('Someone else changed this at the same moment; try again.');
        }
      }
    }
  });
}
