// The projection runner's contract on any bus and document store: each event applied once per
// document, per-stream order, read-your-writes waits, deletes that stay deleted, and rebuilds that
// reproduce the live read model, and starts from a snapshot (PGlite) that replay only what came after
// it. The projection here counts the events of each stream.
import type { RecordedEvent } from '@candor/contracts';
import type { MessageBus } from '@candor/runtime/src/bus';
import type { Document, DocumentStore } from '@candor/runtime/src/documents';
import type { EventStore } from '@candor/runtime/src/event-store/types';
import { createLogger } from '@candor/runtime/src/logging';
import {
  createProjectionRunner,
  createSqlReadModelSnapshots,
  withoutRunnerFields,
  type Projection,
  type ProjectionRunnerOptions,
} from '@candor/runtime/src/projections';
import { createPgliteClient } from '@candor/runtime/pglite';
import { uniqueName, waitUntil } from './helpers';

export interface Tally extends Document {
  streamId: string;
  versions: number[];
}

export function tallyProjection(topic: string): Projection<Tally> {
  const name = uniqueName('tally').replace(/\./g, '_');
  return {
    name,
    collection: name,
    topics: [topic],
    decode: (event) => (event.type.startsWith('tally.') ? event : null),
    documentId: (event) => event.streamId,
    evolve: (doc, event) =>
      event.type === 'tally.Closed'
        ? null
        : { _id: event.streamId, streamId: event.streamId, versions: [...(doc?.versions ?? []), event.streamVersion] },
  };
}

let position = 0;
export function recorded(streamId: string, streamVersion: number, type = 'tally.Counted'): RecordedEvent {
  return {
    eventId: uniqueName('event'),
    streamId,
    streamVersion,
    position: ++position,
    type,
    data: {},
    metadata: { occurredAt: '2025-01-01T00:00:00.000Z' },
    recordedAt: '2025-01-01T00:00:00.000Z',
  };
}

/** readAll over a list, which is all the runner needs from the event store. */
export function eventStoreOf(events: RecordedEvent[]): Pick<EventStore, 'readAll'> {
  return { readAll: async ({ after, limit }) => events.filter((event) => event.position > after).slice(0, limit) };
}

export function projectionRunnerContract(getBus: () => MessageBus, getDocuments: () => DocumentStore): void {
  const logger = createLogger('test', 'silent');
  const setup = async (events: RecordedEvent[] = [], options: Partial<ProjectionRunnerOptions<Tally, RecordedEvent>> = {}) => {
    const topic = uniqueName('contract.projection');
    await getBus().ensureTopics([topic]);
    const projection = tallyProjection(topic);
    const runner = createProjectionRunner({
      projection,
      bus: getBus(),
      documents: getDocuments(),
      eventStore: eventStoreOf(events),
      logger,
      rebuildPageSize: 7,
      ...options,
    });
    const tallies = getDocuments().collection<Tally>(projection.collection);
    const publish = (...batch: RecordedEvent[]) =>
      getBus().publish(topic, batch.map((event) => ({ key: event.streamId, value: JSON.stringify(event) })));
    const tally = async (id: string) => {
      const doc = await tallies.get(id);
      return doc && withoutRunnerFields(doc);
    };
    return { topic, projection, runner, tallies, publish, tally };
  };

  test('applies an event once, however often it is delivered', async () => {
    const { runner, publish, tally } = await setup();
    await runner.start();
    const first = recorded('job-1', 1);
    const second = recorded('job-1', 2);
    await publish(first, first, second, first, second);
    await runner.apply(first);
    expect(await runner.waitFor('job-1', second.position, 20_000)).toBe(true);
    expect(await tally('job-1')).toEqual({ _id: 'job-1', streamId: 'job-1', versions: [1, 2] });
    await runner.stop();
  });

  test('applies each stream in order and reports read-your-writes positions', async () => {
    const { runner, publish, tally } = await setup();
    await runner.start();
    const streams = ['a', 'b', 'c', 'd'];
    const events = Array.from({ length: 25 }, (_, i) => streams.map((s) => recorded(`stream-${s}`, i + 1))).flat();
    await publish(...events);
    for (const s of streams) expect(await runner.waitFor(`stream-${s}`, events.at(-1)!.position - 3, 20_000)).toBe(true);
    for (const s of streams) expect((await tally(`stream-${s}`))!.versions).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    await runner.stop();
  });

  test('waitFor answers false after its timeout when the position is not reached', async () => {
    const { runner } = await setup();
    const started = Date.now();
    expect(await runner.waitFor('never-written', 1, 150)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  test('waitFor sees a position another replica applied', async () => {
    const { runner, projection, publish } = await setup();
    // a second runner of the same projection that consumes nothing: it shares only the documents
    const replica = createProjectionRunner({ projection, bus: getBus(), documents: getDocuments(), logger });
    const event = recorded('job-replica', 1);
    const waiting = replica.waitFor('job-replica', event.position, 20_000);
    await runner.start();
    await publish(event);
    expect(await waiting).toBe(true);
    await runner.stop();
  });

  test('waitFor on a replica answers many waiting streams from its shared reads, each at its own position', async () => {
    const { runner, projection, publish } = await setup();
    // as a `commands` process (CANDOR_ROLE) waits for what its `consumers` process applies
    const replica = createProjectionRunner({ projection, bus: getBus(), documents: getDocuments(), logger });
    const events = Array.from({ length: 20 }, () => recorded(uniqueName('job-many'), 1));
    const waiting = events.map((event) => replica.waitFor(event.streamId, event.position, 20_000));
    const beyond = replica.waitFor(events[0]!.streamId, events[0]!.position + 1_000, 1_500);
    await runner.start();
    for (const event of events) await publish(event);
    expect(await Promise.all(waiting)).toEqual(events.map(() => true));
    expect(await beyond).toBe(false);
    await runner.stop();
  });

  test('a document fed by several streams gets each stream\'s first event, whichever came first', async () => {
    const topic = uniqueName('contract.projection');
    await getBus().ensureTopics([topic]);
    // one document per "board", fed by every stream whose id starts with the board's name
    const projection: Projection<Tally, RecordedEvent> = {
      ...tallyProjection(topic),
      name: uniqueName('boards'),
      collection: uniqueName('boards'),
      documentId: (event) => event.streamId.split(':')[0]!,
      evolve: (doc, event) => ({ _id: event.streamId.split(':')[0]!, streamId: 'board', versions: [...(doc?.versions ?? []), event.position] }),
    };
    const runner = createProjectionRunner({ projection, bus: getBus(), documents: getDocuments(), logger });
    await runner.start();
    const publish = (event: RecordedEvent) => getBus().publish(topic, [{ key: event.streamId, value: JSON.stringify(event) }]);
    const fromA = recorded('board1:a', 1);
    const fromB = recorded('board1:b', 1);
    await publish(fromA);
    expect(await runner.waitFor('board1:a', fromA.position, 20_000)).toBe(true);
    await publish(fromB);
    expect(await runner.waitFor('board1:b', fromB.position, 20_000)).toBe(true);
    await runner.apply(fromB); // and a redelivery changes nothing
    const board = await getDocuments().collection<Tally>(projection.collection).get('board1');
    expect(board && withoutRunnerFields(board).versions).toEqual([fromA.position, fromB.position]);
    await runner.stop();
  });

  test('a deleted document stays deleted when an older event is delivered again', async () => {
    const { runner, publish, tally } = await setup();
    await runner.start();
    const counted = recorded('job-closed', 1);
    const closed = recorded('job-closed', 2, 'tally.Closed');
    await publish(counted, closed);
    expect(await runner.waitFor('job-closed', closed.position, 20_000)).toBe(true);
    expect(await tally('job-closed')).toBeNull();
    await publish(counted);
    const later = recorded('other', 1);
    await publish(later);
    await runner.waitFor('other', later.position, 20_000);
    await runner.apply(counted);
    expect(await tally('job-closed')).toBeNull();
    await runner.stop();
  });

  test('skips messages that are not events and events it does not handle, and keeps going', async () => {
    const { runner, topic, publish, tally } = await setup();
    await runner.start();
    await getBus().publish(topic, [
      { key: 'bad', value: 'not json' },
      { key: 'bad', value: JSON.stringify({ eventId: 'x', streamId: 'bad' }) },
    ]);
    const ignored = recorded('bad', 1, 'other.Thing');
    const counted = recorded('bad', 2);
    await publish(ignored, counted);
    expect(await runner.waitFor('bad', ignored.position, 20_000)).toBe(true);
    expect(await runner.waitFor('bad', counted.position, 20_000)).toBe(true);
    expect(await tally('bad')).toEqual({ _id: 'bad', streamId: 'bad', versions: [2] });
    await runner.stop();
  });

  test('rebuild reproduces the documents the live runner built', async () => {
    const events = [
      ...Array.from({ length: 10 }, (_, i) => recorded('r-1', i + 1)),
      recorded('r-2', 1),
      recorded('r-2', 2, 'tally.Closed'),
      ...Array.from({ length: 5 }, (_, i) => recorded('r-3', i + 1)),
      recorded('r-4', 1, 'other.Thing'),
    ];
    const { runner, publish, tallies } = await setup(events);
    await runner.start();
    await publish(...events);
    for (const event of events) expect(await runner.waitFor(event.streamId, event.position, 20_000)).toBe(true);
    const live = await tallies.find({});
    await tallies.put({ _id: 'stray', streamId: 'stray', versions: [] }); // rebuild starts from nothing
    await runner.rebuild();
    expect(await tallies.find({})).toEqual(live);
    expect(live.map(withoutRunnerFields)).toEqual([
      { _id: 'r-1', streamId: 'r-1', versions: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
      { _id: 'r-3', streamId: 'r-3', versions: [1, 2, 3, 4, 5] },
    ]);
    expect(await runner.waitFor('r-3', events.at(-2)!.position, 1_000)).toBe(true);
    await runner.stop();
  });

  test('catchUp starts from the last snapshot and replays only the events after it', async () => {
    const sql = createPgliteClient();
    const snapshots = createSqlReadModelSnapshots(sql, 'contract_snapshots');
    const events = [
      ...Array.from({ length: 20 }, (_, i) => recorded('s-1', i + 1)),
      recorded('s-2', 1),
      recorded('s-2', 2, 'tally.Closed'),
    ];
    const { projection, runner, tallies } = await setup(events, { snapshots });
    // no snapshot yet: the whole store, and the result is kept
    expect(await runner.catchUp()).toEqual({ from: 0, replayed: 22, fromSnapshot: false });
    const snapshotAt = events.at(-1)!.position;
    // later events, and a restart: what the memory held is gone (a stray document stands for it)
    events.push(recorded('s-1', 21), recorded('s-3', 1));
    await tallies.put({ _id: 'stray', streamId: 'stray', versions: [] });
    const restarted = createProjectionRunner({ projection, bus: getBus(), documents: getDocuments(), eventStore: eventStoreOf(events), logger, snapshots });
    expect(await restarted.catchUp()).toEqual({ from: snapshotAt, replayed: 2, fromSnapshot: true });
    expect((await tallies.find({})).map(withoutRunnerFields)).toEqual([
      { _id: 's-1', streamId: 's-1', versions: Array.from({ length: 21 }, (_, i) => i + 1) },
      { _id: 's-3', streamId: 's-3', versions: [1] },
    ]);
    // read-your-writes from before the restart: the checkpoints came back with the snapshot
    expect(await restarted.waitFor('s-2', snapshotAt, 1)).toBe(true);
    // another projection code (a changed evolve) does not take this snapshot: it rebuilds
    const changed = createProjectionRunner({
      projection: { ...projection, version: 'changed' },
      bus: getBus(),
      documents: getDocuments(),
      eventStore: eventStoreOf(events),
      logger,
      snapshots,
    });
    expect(await changed.catchUp()).toEqual({ from: 0, replayed: 24, fromSnapshot: false });
    await sql.close();
  });
}
