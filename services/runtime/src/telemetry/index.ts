export * from './tracing';
export * from './metrics-hook';
// the Prometheus counters and gauges of a process (prom-client, no adapter client): every service's
// own process and the embedded server serve them on /metrics
export { createServiceMetrics, type ServiceMetrics, type ServiceMetricsOptions } from './metrics';
