// RTP packet counts for stats(), which is synchronous while mediasoup's counters live in the worker
// and are read asynchronously: the room polls them about once a second, and a producer or consumer
// that closes keeps what it counted, so the totals only ever grow. They lag by up to one poll.
export class PacketTally<K extends object> {
  readonly #live = new Map<K, number>();
  #retired = 0;

  update(key: K, count: number): void {
    if (this.#live.has(key)) this.#live.set(key, Math.max(this.#live.get(key)!, count));
  }

  track(key: K): void {
    if (!this.#live.has(key)) this.#live.set(key, 0);
  }

  retire(key: K): void {
    this.#retired += this.#live.get(key) ?? 0;
    this.#live.delete(key);
  }

  keys(): K[] {
    return [...this.#live.keys()];
  }

  get total(): number {
    let sum = this.#retired;
    for (const count of this.#live.values()) sum += count;
    return sum;
  }
}
