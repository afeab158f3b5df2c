// Sending the spans out of the process: an OTLP/HTTP exporter behind a batch processor, registered as
// the global tracer provider, when the environment names a collector (OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none turn it
// off). Without one nothing is registered and the API stays a no-op. The exporter reads the other
// OTEL_* variables itself (headers, timeout, compression); the resource takes OTEL_SERVICE_NAME and
// OTEL_RESOURCE_ATTRIBUTES over the service's own name.
// Every span passes through maskCapabilities on its way out: a capability link's token
// (`/i/<token>`, `/join/…`, `/host/…`, `/s/…`) never reaches the collector, whatever attribute,
// event or name it ended up in.
import { trace, type Attributes, type AttributeValue } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type TimedEvent,
} from '@opentelemetry/sdk-trace-base';

export interface TraceExport {
  /** flushes what is buffered and stops exporting */
  shutdown(): Promise<void>;
}

const capabilityPath = /(\/(?:i|join|host|s)\/)[^/?#\s"'<>]+/g;

/** A string with every capability path's token replaced by `[redacted]`. */
export function maskCapabilities(text: string): string {
  return text.replace(capabilityPath, '$1[redacted]');
}

function maskValue(value: AttributeValue | undefined): AttributeValue | undefined {
  if (typeof value === 'string') return maskCapabilities(value);
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? maskCapabilities(item) : item)) as AttributeValue;
  return value;
}

function maskAttributes(attributes: Attributes | undefined): Attributes {
  return Object.fromEntries(Object.entries(attributes ?? {}).map(([key, value]) => [key, maskValue(value)]));
}

/** The span as the exporter sees it: same span, masked name, attributes and events. */
export function maskSpan(span: ReadableSpan): ReadableSpan {
  const events: TimedEvent[] = span.events.map((event) => ({ ...event, name: maskCapabilities(event.name), attributes: maskAttributes(event.attributes) }));
  return Object.create(span, {
    name: { value: maskCapabilities(span.name) },
    attributes: { value: maskAttributes(span.attributes) },
    events: { value: events },
  }) as ReadableSpan;
}

/** An exporter that masks capability tokens before handing spans to the real one. */
export class MaskingSpanExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans.map(maskSpan), done);
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** Whether the environment asks for trace export. */
export function traceExportWanted(env: Record<string, string | undefined>): boolean {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

/** Registers the exporting tracer provider when the environment names a collector; else undefined. */
export function startTraceExport(serviceName: string, env: Record<string, string | undefined> = process.env): TraceExport | undefined {
  if (!traceExportWanted(env)) return undefined;
  const url = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || `${env.OTEL_EXPORTER_OTLP_ENDPOINT!.replace(/\/+$/, '')}/v1/traces`;
  const resource = resourceFromAttributes({ 'service.name': serviceName }).merge(detectResources({ detectors: [envDetector] }));
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new MaskingSpanExporter(new OTLPTraceExporter({ url })), { scheduledDelayMillis: 500 })],
  });
  trace.setGlobalTracerProvider(provider);
  return {
    async shutdown() {
      await provider.shutdown();
    },
  };
}
