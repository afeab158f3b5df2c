// Latency samples and the few figures the bench reports about them.

/** Wall-clock milliseconds, comparable across worker threads (performance.now() is per thread). */
export const wallMs = (): number => performance.timeOrigin + performance.now();

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarise(samples: number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(samples).sort();
  // nearest-rank percentile
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  const round = (ms: number) => Math.round(ms * 100) / 100;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return {
    count: sorted.length,
    p50: round(at(50)),
    p90: round(at(90)),
    p99: round(at(99)),
    max: round(sorted[sorted.length - 1]!),
    mean: round(mean),
  };
}

export interface Window {
  from: number;
  to: number;
  /** true when `at` falls inside the measured window (after the warm-up) */
  has(at: number): boolean;
}

/** The measured window of a run that starts now: after `warmupMs`, for `durationMs`. */
export function measurementWindow(load: { warmupMs: number; durationMs: number }): Window {
  const from = wallMs() + load.warmupMs;
  const to = from + load.durationMs;
  return { from, to, has: (at) => at >= from && at < to };
}

/**
 * Runs `concurrency` clients, each doing `operation` again and again until the window ends. A
 * closed loop: a client sends its next request only when the previous one is done, so the offered
 * load follows what the system sustains.
 */
export async function closedLoop(
  concurrency: number,
  window: Window,
  operation: (client: number) => Promise<void>,
): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      while (wallMs() < window.to) await operation(client);
    }),
  );
}
