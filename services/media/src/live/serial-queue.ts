// Runs a room's membership changes one at a time, in arrival order: two joins cannot create the
// engine room twice, and an admit never races the candidate's own leave.
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
