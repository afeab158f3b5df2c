// The logging surface the runtime's adapters write to. It is the subset of pino's API they use, so a
// pino logger fits as is; adapters default to `stderrLogger` so a failure is never swallowed silently.
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

function line(level: string) {
  return (fields: Record<string, unknown>, message: string) => {
    process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields })}\n`);
  };
}

/** Warnings and errors as JSON lines on stderr; debug and info are dropped. */
export const stderrLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: line('warn'),
  error: line('error'),
};

/** For tests and callers that report failures another way. */
export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export function describeError(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.message, errorName: error.name } : { error: String(error) };
}
