// The DocumentStore contract: what both adapters (Mongo, memory) answer for the same calls. Each case
// works in its own collection, so one store serves them all.
import type { Document, DocumentStore } from '@candor/runtime/src/documents';
import { uniqueName } from './helpers';

interface Interview extends Document {
  status: string;
  score?: number | null;
  candidate: { name: string; tags: string[] };
  invitedAt?: string;
}

const interview = (id: string, status: string, score?: number | null): Interview => ({
  _id: id,
  status,
  ...(score === undefined ? {} : { score }),
  candidate: { name: `Candidate ${id}`, tags: ['a', 'b'] },
});

export function documentStoreContract(getStore: () => DocumentStore): void {
  const collection = () => getStore().collection<Interview>(uniqueName('contract_docs').replace(/\./g, '_'));

  test('put then get returns the document; a missing id is null', async () => {
    const interviews = collection();
    await interviews.put(interview('i1', 'invited', 3));
    expect(await interviews.get('i1')).toEqual(interview('i1', 'invited', 3));
    expect(await interviews.get('nope')).toBeNull();
  });

  test('put replaces the whole document; delete removes it and is idempotent', async () => {
    const interviews = collection();
    await interviews.put({ ...interview('i1', 'invited'), invitedAt: '2025-01-01' });
    await interviews.put(interview('i1', 'completed'));
    expect(await interviews.get('i1')).toEqual(interview('i1', 'completed'));
    await interviews.delete('i1');
    await interviews.delete('i1');
    expect(await interviews.get('i1')).toBeNull();
  });

  test('insertNew inserts the free ids and answers the taken ones, leaving those unchanged', async () => {
    const interviews = collection();
    await interviews.put(interview('b', 'completed'));
    expect(await interviews.insertNew([])).toEqual([]);
    const taken = await interviews.insertNew([interview('a', 'invited'), interview('b', 'invited'), interview('c', 'invited')]);
    expect(taken).toEqual(['b']);
    expect((await interviews.find({})).map((d) => [d._id, d.status])).toEqual([
      ['a', 'invited'],
      ['b', 'completed'],
      ['c', 'invited'],
    ]);
  });

  test('getMany answers the stored documents among the ids asked for, in one call', async () => {
    const interviews = collection();
    expect(await interviews.getMany([])).toEqual([]);
    await interviews.putMany([interview('a', 'invited'), interview('b', 'completed'), interview('c', 'invited')]);
    const found = await interviews.getMany(['c', 'missing', 'a']);
    expect(found.sort((x, y) => x._id.localeCompare(y._id))).toEqual([interview('a', 'invited'), interview('c', 'invited')]);
    expect(await interviews.getMany(['missing'])).toEqual([]);
  });

  test('putMany inserts or replaces each document, also beyond one bulk call', async () => {
    const interviews = collection();
    const ids = Array.from({ length: 20 }, (_, i) => `i${String(i).padStart(2, '0')}`);
    await interviews.putMany(ids.slice(0, 12).map((id) => ({ ...interview(id, 'invited'), invitedAt: '2025-01-01' })));
    await interviews.putMany(ids.map((id) => interview(id, 'completed')));
    await interviews.putMany([]);
    const stored = await interviews.find({});
    expect(stored).toEqual(ids.map((id) => interview(id, 'completed')));
  });

  test('undefined properties are not stored', async () => {
    const interviews = collection();
    await interviews.put({ ...interview('i1', 'invited'), invitedAt: undefined });
    expect(Object.keys((await interviews.get('i1'))!)).not.toContain('invitedAt');
  });

  test('a stored document cannot be changed through the objects passed in or out', async () => {
    const interviews = collection();
    const doc = interview('i1', 'invited');
    await interviews.put(doc);
    doc.candidate.tags.push('mutated');
    const read = (await interviews.get('i1'))!;
    read.candidate.name = 'changed';
    const [found] = await interviews.find({});
    found!.status = 'changed';
    expect(await interviews.get('i1')).toEqual(interview('i1', 'invited'));
  });

  test('find filters by top-level equality; null matches a missing field', async () => {
    const interviews = collection();
    await Promise.all([
      interviews.put(interview('a', 'invited', 1)),
      interviews.put(interview('b', 'completed', 2)),
      interviews.put(interview('c', 'completed')),
      interviews.put(interview('d', 'completed', null)),
    ]);
    expect((await interviews.find({ status: 'completed' })).map((d) => d._id)).toEqual(['b', 'c', 'd']);
    expect((await interviews.find({ status: 'completed', score: 2 })).map((d) => d._id)).toEqual(['b']);
    expect((await interviews.find({ score: null })).map((d) => d._id)).toEqual(['c', 'd']);
    expect((await interviews.find({ status: undefined })).map((d) => d._id)).toEqual(['a', 'b', 'c', 'd']);
    expect(await interviews.find({ status: 'archived' })).toEqual([]);
  });

  test('find sorts by several keys, ties by _id, then skips and limits', async () => {
    const interviews = collection();
    const rows: [string, string, number][] = [
      ['e', 'invited', 2], ['a', 'completed', 1], ['d', 'invited', 2], ['b', 'completed', 3], ['c', 'invited', 1],
    ];
    for (const [id, status, score] of rows) await interviews.put(interview(id, status, score));
    const ids = async (options: Parameters<typeof interviews.find>[1]) => (await interviews.find({}, options)).map((d) => d._id);
    expect(await ids({})).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await ids({ sort: { score: -1 } })).toEqual(['b', 'd', 'e', 'a', 'c']);
    expect(await ids({ sort: { status: 1, score: -1 } })).toEqual(['b', 'a', 'd', 'e', 'c']);
    expect(await ids({ sort: { status: 1, score: -1 }, skip: 1, limit: 3 })).toEqual(['a', 'd', 'e']);
    expect(await ids({ sort: { _id: -1 }, limit: 2 })).toEqual(['e', 'd']);
    expect(await ids({ skip: 4 })).toEqual(['e']);
    expect(await ids({ skip: 9 })).toEqual([]);
  });

  test('count counts what find would return', async () => {
    const interviews = collection();
    await interviews.put(interview('a', 'invited'));
    await interviews.put(interview('b', 'completed'));
    await interviews.put(interview('c', 'completed'));
    expect(await interviews.count({})).toBe(3);
    expect(await interviews.count({ status: 'completed' })).toBe(2);
    expect(await interviews.count({ status: 'archived' })).toBe(0);
  });

  test('search finds a case-insensitive substring in any of the fields, with filters, sort and count', async () => {
    interface Person extends Document {
      name: string;
      email: string;
      status: string;
    }
    const people = getStore().collection<Person>(uniqueName('contract_search').replace(/\./g, '_'));
    await people.put({ _id: 'a', name: 'Ada Lovelace', email: 'ada@example.com', status: 'invited' });
    await people.put({ _id: 'b', name: 'Grace Hopper', email: 'grace@navy.example', status: 'completed' });
    await people.put({ _id: 'c', name: 'Alan (A.) Turing', email: 'alan@example.org', status: 'invited' });
    const found = async (text: string, filter: Partial<Person> = {}) =>
      (await people.find(filter, { search: { fields: ['name', 'email'], text }, sort: { _id: -1 } })).map((person) => person._id);
    expect(await found('LOVE')).toEqual(['a']);
    expect(await found('example')).toEqual(['c', 'b', 'a']);
    expect(await found('example', { status: 'invited' })).toEqual(['c', 'a']);
    expect(await found('navy', { status: 'invited' })).toEqual([]);
    // regular-expression characters are matched as text
    expect(await found('(a.)')).toEqual(['c']);
    expect(await found('.*')).toEqual([]);
    expect(await people.count({}, { search: { fields: ['name', 'email'], text: 'EXAMPLE.' } })).toBe(2);
    expect(await people.count({ status: 'completed' }, { search: { fields: ['name'], text: 'grace' } })).toBe(1);
  });

  test('clear removes every document of one collection only', async () => {
    const interviews = collection();
    const others = collection();
    await interviews.put(interview('a', 'invited'));
    await interviews.put(interview('b', 'invited'));
    await others.put(interview('a', 'invited'));
    await interviews.clear();
    expect(await interviews.count({})).toBe(0);
    expect(await others.get('a')).toEqual(interview('a', 'invited'));
  });
}
