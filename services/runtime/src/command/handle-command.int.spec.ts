// handleCommand's `freshStream` on PGlite and on a real Postgres server: a creation skips the read
// of its just-minted stream, and a stream that existed after all is still caught by the append's
// version check and read on the retry.
import { describeEachDatabase } from '../../test/test-databases';
import { createPostgresEventStore } from '../event-store/postgres-event-store';
import type { EventStore } from '../event-store/types';
import { handleCommand, type Decider, type DomainEvent } from './handle-command';

type Counted = DomainEvent<'Counted', { n: number }>;
// state: how many events the stream had; each command appends the next number
const counter: Decider<number, { type: 'Count' }, Counted> = {
  initialState: () => 0,
  evolve: (state) => state + 1,
  decide: (_command, state) => [{ type: 'Counted', data: { n: state + 1 } }],
};
const metadata = { occurredAt: '2026-01-01T00:00:00.000Z', actorId: 'recruiter-1' };

describeEachDatabase('handleCommand with freshStream', (db) => {
  const countingReads = async () => {
    const store = createPostgresEventStore({ sql: db.sql(), schema: db.newSchema(), topic: 'candor.test.events' });
    await store.init();
    let reads = 0;
    const counted: EventStore = { ...store, readStream: (streamId) => ((reads += 1), store.readStream(streamId)) };
    return { store, counted, reads: () => reads };
  };

  test('a new stream is written at version 1 without reading it first', async () => {
    const { store, counted, reads } = await countingReads();
    const outcome = await handleCommand(counted, 'job-new', counter, { type: 'Count' }, metadata, { freshStream: true });
    expect(outcome).toMatchObject({ streamId: 'job-new', nextVersion: 1, state: 1 });
    expect(reads()).toBe(0);
    expect((await store.readStream('job-new')).map((e) => [e.streamVersion, e.data])).toEqual([[1, { n: 1 }]]);
  });

  test('a stream that existed after all conflicts, is read on the retry and decided on its real state', async () => {
    const { store, counted, reads } = await countingReads();
    await handleCommand(store, 'job-old', counter, { type: 'Count' }, metadata);
    await handleCommand(store, 'job-old', counter, { type: 'Count' }, metadata);
    const outcome = await handleCommand(counted, 'job-old', counter, { type: 'Count' }, metadata, { freshStream: true });
    expect(outcome).toMatchObject({ nextVersion: 3, state: 3 });
    expect(reads()).toBe(1);
    expect((await store.readStream('job-old')).map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3]);
  });
});
