// A map that keeps at most `capacity` entries, forgetting the least recently written one: for what a
// long-running process remembers per stream (a projection's checkpoints) and can always read back
// from the store, so memory stays flat however many streams it has seen.
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(private readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error('a bounded map needs room for one entry');
  }
  get size(): number {
    return this.entries.size;
  }
  get(key: K): V | undefined {
    return this.entries.get(key);
  }
  has(key: K): boolean {
    return this.entries.has(key);
  }
  set(key: K, value: V): this {
    // deleted first, so the key moves to the young end of the insertion order
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
    return this;
  }
  delete(key: K): boolean {
    return this.entries.delete(key);
  }
  clear(): void {
    this.entries.clear();
  }
}
