// The event store: append with optimistic concurrency, read a stream, read everything by global
// position. The same transaction that appends events writes their outbox rows.
import type { EventMetadata, RecordedEvent } from '@candor/contracts';

export interface NewEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata: EventMetadata;
  /** Internal events stay in the owning service: no outbox row, never on the bus (e.g. password hashes). */
  internal?: boolean;
}

/** The stream's current version before the append: 0 means "the stream must not exist yet". */
export type ExpectedVersion = number | 'any';

export interface AppendResult {
  /** version of the stream after the append (its last event's streamVersion) */
  nextVersion: number;
  /** global position of the last appended event */
  lastPosition: number;
}

export interface EventStore {
  /** Creates the tables if they do not exist. Idempotent. */
  init(): Promise<void>;
  append(streamId: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult>;
  /**
   * Appends to several streams in ONE transaction, each with its own expected version: all or
   * nothing (e.g. sign-up claims an email and creates an organisation together). Returns one
   * result per stream, in the order given.
   */
  appendMany(
    appends: { streamId: string; events: NewEvent[]; expectedVersion: ExpectedVersion }[],
  ): Promise<AppendResult[]>;
  /** All events of one stream in version order; [] when the stream does not exist. */
  readStream(streamId: string): Promise<RecordedEvent[]>;
  /**
   * Events after `after` in position order, at most `limit`. Never returns an event while a
   * transaction that could still commit a lower position is in flight, so a reader that advances
   * its cursor to the last position it saw never skips an event.
   */
  readAll(options: { after: number; limit: number }): Promise<RecordedEvent[]>;
}

export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: number,
  ) {
    super(`stream ${streamId} is at version ${actualVersion}, expected ${expectedVersion}`);
    this.name = 'ConcurrencyError';
  }
}
