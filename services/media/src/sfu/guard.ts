// What the engines share besides the interface: the logger they write to, and a guard around every
// callback they hand to a media library, so a bug in one listener (or one packet the code did not
// expect) is logged instead of unwinding through werift's or mediasoup's internals and taking the
// room down with it.
import type { Logger } from '@candor/runtime';

export type SfuLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** `fn`, but a throw is logged (as `what`) and swallowed. */
export function guarded<A extends unknown[]>(
  logger: SfuLogger,
  what: string,
  fn: (...args: A) => void | Promise<void>,
): (...args: A) => void {
  const report = (error: unknown) => logger.error({ err: error }, `SFU: ${what} failed`);
  return (...args: A) => {
    try {
      const result = fn(...args);
      if (result && typeof result.then === 'function') result.then(undefined, report);
    } catch (error) {
      report(error);
    }
  };
}

/** Settles a promise we do not wait for (a send on a closing connection may reject: that is fine). */
export function ignoreRejection(promise: Promise<unknown> | undefined): void {
  promise?.then(undefined, () => undefined);
}

export class UnknownSubscriptionError extends Error {
  constructor(subscriptionId: string) {
    super(`unknown subscription ${subscriptionId}`);
    this.name = 'UnknownSubscriptionError';
  }
}

export class RoomClosedError extends Error {
  constructor(roomId: string) {
    super(`room ${roomId} is closed`);
    this.name = 'RoomClosedError';
  }
}
