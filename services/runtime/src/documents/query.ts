// Filter matching, sort order and copying with MongoDB's semantics, for the memory document store,
// so that both adapters answer every query the same way.
import type { Document, Filter, FindOptions, TextSearch } from './types';

/** MongoDB's order between BSON types (the subset a JSON-like document can hold). */
function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 1;
  if (typeof value === 'number' || typeof value === 'bigint') return 2;
  if (typeof value === 'string') return 3;
  if (Array.isArray(value)) return 5;
  if (typeof value === 'boolean') return 8;
  if (value instanceof Date) return 9;
  return 4; // embedded document
}

export function compareValues(a: unknown, b: unknown): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return rankA - rankB;
  if (rankA === 1) return 0;
  if (rankA === 2 || rankA === 8) return Number(a) - Number(b);
  if (rankA === 9) return (a as Date).getTime() - (b as Date).getTime();
  // strings compare by code unit, like MongoDB's default (binary) collation
  const x = rankA === 3 ? (a as string) : JSON.stringify(a);
  const y = rankA === 3 ? (b as string) : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function equal(stored: unknown, wanted: unknown): boolean {
  // { field: null } matches a missing field too, as in MongoDB
  if (wanted === null) return stored === null || stored === undefined;
  return compareValues(stored, wanted) === 0 && typeRank(stored) === typeRank(wanted);
}

export function matches<D extends Document>(doc: D, filter: Filter<D>, search?: TextSearch<D>): boolean {
  return (
    Object.entries(filter).every(
      ([field, wanted]) => wanted === undefined || equal((doc as Record<string, unknown>)[field], wanted),
    ) &&
    (!search || matchesSearch(doc, search))
  );
}

function matchesSearch<D extends Document>(doc: D, search: TextSearch<D>): boolean {
  const wanted = search.text.toLowerCase();
  return search.fields.some((field) => {
    const value = (doc as Record<string, unknown>)[field];
    return typeof value === 'string' && value.toLowerCase().includes(wanted);
  });
}

/** The search as a MongoDB filter: the text escaped into a case-insensitive regular expression. */
export function searchToMongo<D extends Document>(search: TextSearch<D> | undefined): Record<string, unknown> {
  if (!search || search.text === '') return {};
  const pattern = search.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { $or: search.fields.map((field) => ({ [field]: { $regex: pattern, $options: 'i' } })) };
}

/**
 * The sort both adapters apply: the requested keys, then `_id` as the tie-breaker, so equal keys come
 * back in the same order everywhere and skip/limit pages are stable. No sort means by `_id`.
 */
export function sortWithTieBreaker<D extends Document>(sort: FindOptions<D>['sort']): [string, 1 | -1][] {
  const keys = Object.entries(sort ?? {}).filter(
    (entry): entry is [string, 1 | -1] => entry[1] === 1 || entry[1] === -1,
  );
  return keys.some(([field]) => field === '_id') ? keys : [...keys, ['_id', 1]];
}

export function compareBy<D extends Document>(keys: [string, 1 | -1][]): (a: D, b: D) => number {
  return (a, b) => {
    for (const [field, direction] of keys) {
      const order = compareValues((a as Record<string, unknown>)[field], (b as Record<string, unknown>)[field]);
      if (order !== 0) return order * direction;
    }
    return 0;
  };
}

/** A deep copy that drops undefined properties, as the Mongo adapter's `ignoreUndefined` does. */
export function copyDocument<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : copyDocument(item))) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [field, item] of Object.entries(value)) if (item !== undefined) copy[field] = copyDocument(item);
    return copy as T;
  }
  return value;
}
