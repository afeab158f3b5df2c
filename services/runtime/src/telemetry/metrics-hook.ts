// What a service's composition may add to its process's /metrics: its own counters and gauges,
// named `candor_<service>_…`, without knowing the metrics library. The distributed mode hands the
// composition a hook on the process's registry (ServiceAdapters.metrics, from run-service.ts via
// telemetry/metrics.ts), and so does the embedded server for its one /metrics; a composition handed
// none (a test's) uses `noMetrics`. This file loads no metrics library.

/** Label values by label name. */
export type MetricLabels<L extends string> = Record<L, string>;

interface MetricDefinition<L extends string> {
  /** `candor_` + the service's name + what it counts, e.g. `candor_media_rooms_open` */
  name: `candor_${string}`;
  help: string;
  labelNames: readonly L[];
}

export interface CounterDefinition<L extends string> extends MetricDefinition<L> {
  /** label sets that exist (at 0) from the start, so a rate over them never starts from "absent" */
  initial?: MetricLabels<L>[];
}

export interface GaugeDefinition<L extends string> extends MetricDefinition<L> {
  /** the samples now, read at each scrape (the series not in the answer are dropped) */
  read(): Iterable<{ labels: MetricLabels<L>; value: number }>;
}

export interface MetricsHook {
  /** a monotonic counter; answers the function that adds one to a label set */
  counter<L extends string>(definition: CounterDefinition<L>): (labels: MetricLabels<L>) => void;
  /** a gauge computed at scrape time from the service's own state */
  gauge<L extends string>(definition: GaugeDefinition<L>): void;
}

/** No metrics (the embedded mode): counters count nowhere, gauges are never read. */
export const noMetrics: MetricsHook = {
  counter: () => () => undefined,
  gauge: () => undefined,
};
