// `@candor/runtime/distributed`: a service as its own process on Postgres, Kafka and Mongo — what a
// service's `main.ts` calls with its one composition. Loads those three clients (never PGlite).
export { main, runService, type RunningService, type RunServiceOptions, type ServiceDefinition } from './src/host/run-service';
// what a service process adds to Candor's own spans and counters: OTLP trace export and /metrics
export { startTraceExport, maskCapabilities, MaskingSpanExporter, traceExportWanted, type TraceExport } from './src/telemetry/export';
export { createServiceMetrics, metricsHook, type ServiceMetrics } from './src/telemetry/metrics';
