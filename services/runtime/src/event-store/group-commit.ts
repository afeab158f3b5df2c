// Group commit for one event store: appends that arrive while earlier ones are being written wait
// and then go together in one transaction — one BEGIN, one lock statement, one write statement, one
// COMMIT for the whole group instead of for each append. Round trips to Postgres were most of the
// pipeline's cost per event (docs/benchmarks.md), and they do not depend on how many rows go along.
//
// Every guarantee of a lone append holds for each member of a group:
// - each append keeps its own expected version: the write statement writes nothing when any member
//   conflicts, so the members that lost are taken out with their ConcurrencyError and the statement
//   runs again for the rest, in the same transaction, under the same stream locks (heads unchanged);
// - an append's promise settles only after its transaction committed (read-your-writes);
// - positions and the xmin gate are those of one append transaction (writeStreams);
// - a group never holds two appends to one stream, and an append waits while another to one of its
//   streams is in flight or ahead of it in the queue: per stream, this process writes in the
//   order appends were called;
// - an error Postgres reports (the transaction was rolled back, nothing written) fails no innocent
//   member: each member is then retried alone and only the culprit sees the error. Any other
//   error (a dropped connection, the commit's outcome unknown) goes to every member, as it would
//   have gone to each lone append.
import type { SqlClient } from '../sql/types';
import { lockStreams, resultsOf, writeStreams, type StreamAppend } from './append';
import type { AppendResult } from './types';

export interface GroupCommitOptions {
  /** groups written at the same time, each on its own connection (default 2) */
  maxInFlight?: number;
  /** events per group at most (default 500; a statement takes 8 parameters per event) */
  maxGroupEvents?: number;
}

interface Waiting {
  appends: StreamAppend[];
  resolve(results: AppendResult[]): void;
  reject(error: unknown): void;
}

type Outcome = { ok: AppendResult[] } | { error: unknown };

/** Postgres answered with an error: its transaction was rolled back (pg and PGlite errors carry it). */
const reportedByServer = (error: unknown) => typeof (error as { severity?: unknown })?.severity === 'string';

export function createGroupCommit(
  { sql, schema, topic, notifyChannel }: { sql: SqlClient; schema: string; topic: string; notifyChannel?: string },
  options: GroupCommitOptions = {},
): (appends: StreamAppend[]) => Promise<AppendResult[]> {
  const maxInFlight = options.maxInFlight ?? 2;
  const maxGroupEvents = options.maxGroupEvents ?? 500;
  const queue: Waiting[] = [];
  const streamsInFlight = new Set<string>();
  let inFlight = 0;

  /** One transaction for every member; an outcome per member, in order. */
  const writeGroup = (members: StreamAppend[][]): Promise<Outcome[]> =>
    sql.transaction(async (tx) => {
      await lockStreams(tx, schema, members.flat().map((append) => append.streamId));
      const outcomes: Outcome[] = new Array(members.length);
      let live = members.map((_, index) => index);
      while (live.length > 0) {
        const heads = await writeStreams(tx, { schema, topic, notifyChannel }, live.flatMap((index) => members[index]!));
        const lost: number[] = [];
        for (const index of live) {
          try {
            outcomes[index] = { ok: resultsOf(members[index]!, heads) };
          } catch (error) {
            outcomes[index] = { error };
            lost.push(index);
          }
        }
        // nothing was written if anyone lost: the others go again without the losers
        if (lost.length === 0) break;
        live = live.filter((index) => !lost.includes(index));
      }
      return outcomes;
    });

  const settle = async (group: Waiting[]) => {
    let outcomes: Outcome[];
    try {
      outcomes = await writeGroup(group.map((waiting) => waiting.appends));
    } catch (error) {
      if (group.length === 1 || !reportedByServer(error)) outcomes = group.map(() => ({ error }));
      else {
        outcomes = [];
        for (const waiting of group) {
          try {
            outcomes.push(...(await writeGroup([waiting.appends])));
          } catch (alone) {
            outcomes.push({ error: alone });
          }
        }
      }
    }
    group.forEach((waiting, index) => {
      const outcome = outcomes[index]!;
      if ('ok' in outcome) waiting.resolve(outcome.ok);
      else waiting.reject(outcome.error);
    });
  };

  /** The oldest waiting appends whose streams are free, in queue order, up to the size limit. */
  const takeGroup = (): Waiting[] => {
    const group: Waiting[] = [];
    const blocked = new Set(streamsInFlight);
    let events = 0;
    for (let index = 0; index < queue.length; ) {
      const waiting = queue[index]!;
      const streams = waiting.appends.map((append) => append.streamId);
      const size = waiting.appends.reduce((count, append) => count + append.events.length, 0);
      const fits = group.length === 0 || events + size <= maxGroupEvents;
      if (fits && !streams.some((stream) => blocked.has(stream))) {
        queue.splice(index, 1);
        group.push(waiting);
        events += size;
      } else index += 1;
      // taken or left waiting, a later append to these streams must not overtake this one
      for (const stream of streams) blocked.add(stream);
      if (!fits) break;
    }
    return group;
  };

  const pump = () => {
    while (inFlight < maxInFlight && queue.length > 0) {
      const group = takeGroup();
      if (group.length === 0) return;
      const streams = group.flatMap((waiting) => waiting.appends.map((append) => append.streamId));
      for (const stream of streams) streamsInFlight.add(stream);
      inFlight += 1;
      void settle(group).finally(() => {
        for (const stream of streams) streamsInFlight.delete(stream);
        inFlight -= 1;
        pump();
      });
    }
  };

  return (appends) =>
    new Promise<AppendResult[]>((resolve, reject) => {
      queue.push({ appends, resolve, reject });
      pump();
    });
}
