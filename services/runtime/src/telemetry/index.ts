export * from './tracing';
export { startTraceExport, maskCapabilities, maskSpan, MaskingSpanExporter, traceExportWanted, type TraceExport } from './export';
export { createServiceMetrics, type ServiceMetrics } from './metrics';
