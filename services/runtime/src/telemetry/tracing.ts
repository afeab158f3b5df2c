// Tracing on the OpenTelemetry API. Spans wrap commands, appends, publishes and handlers; the W3C
// trace context travels in event metadata and in bus message headers, so one trace spans services.
// Without an SDK registered the API is a no-op; a deployment registers one (and an exporter) at start.
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

const tracer = () => trace.getTracer('candor');

let propagatorInstalled = false;
/**
 * Installs, once, the W3C propagator and an AsyncLocalStorage context manager. The API's defaults
 * carry nothing: without them an incoming `traceparent` would not reach the events a command writes,
 * even with no SDK registered (the no-op tracer still passes the caller's span context along).
 */
export function installTracePropagation(): void {
  if (propagatorInstalled) return;
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  // setGlobalContextManager refuses a second manager (e.g. one a test or an SDK registered first).
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagatorInstalled = true;
}

export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';
const kinds: Record<SpanKindName, SpanKind> = {
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};

/** Runs `work` inside a new active span (child of `parent`, or of the active context). */
export async function withSpan<T>(
  name: string,
  options: { attributes?: Attributes; kind?: SpanKindName; parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(
    name,
    { kind: kinds[options.kind ?? 'internal'], attributes: options.attributes },
    parent,
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** The active trace context as W3C headers (`traceparent`, `tracestate`), for metadata or messages. */
export function currentTraceHeaders(): { traceparent?: string; tracestate?: string } {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return { traceparent: carrier.traceparent, tracestate: carrier.tracestate };
}

/** The context a message or event was sent in, to parent the consumer's span on. */
export function contextFromHeaders(headers: { traceparent?: string; tracestate?: string }): Context {
  const carrier: Record<string, string> = {};
  if (headers.traceparent) carrier.traceparent = headers.traceparent;
  if (headers.tracestate) carrier.tracestate = headers.tracestate;
  return propagation.extract(context.active(), carrier);
}
