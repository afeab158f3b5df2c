// Capability tokens never leave in a span: real spans from the SDK go through the masking exporter
// into an in-memory exporter, and every place a token could sit (name, attributes, arrays, events)
// comes out masked, while the rest of the span (ids, kind, timing, other attributes) is untouched.
import { SpanKind } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { maskCapabilities, MaskingSpanExporter, traceExportWanted } from './export';

const token = 'AbCdEf0123456789_-AbCdEf0123456789AbCdEf0123456789AbCdEf0123456789.xyz';

describe('maskCapabilities', () => {
  it.each([
    [`/i/${token}`, '/i/[redacted]'],
    [`/join/${token}?x=1`, '/join/[redacted]?x=1'],
    [`https://candor.example.com/host/${token}/room`, 'https://candor.example.com/host/[redacted]/room'],
    [`POST /s/${token}`, 'POST /s/[redacted]'],
    [`GET /api/invite/jobs/123`, 'GET /api/invite/jobs/123'],
    [`/image/${token}`, `/image/${token}`],
  ])('%s → %s', (input, output) => {
    expect(maskCapabilities(input)).toBe(output);
  });
});

describe('MaskingSpanExporter', () => {
  it('masks names, attributes, string arrays and events of real spans and keeps everything else', async () => {
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new MaskingSpanExporter(memory))] });
    const span = provider.getTracer('test').startSpan(`GET /i/${token}`, { kind: SpanKind.SERVER, attributes: { 'url.path': `/i/${token}`, 'http.status_code': 200, links: [`/join/${token}`, 'plain'] } });
    span.addEvent('opened', { 'url.full': `https://x.example/s/${token}` });
    span.end();
    await provider.forceFlush();
    const [exported] = memory.getFinishedSpans();
    expect(exported!.name).toBe('GET /i/[redacted]');
    expect(exported!.attributes).toEqual({ 'url.path': '/i/[redacted]', 'http.status_code': 200, links: ['/join/[redacted]', 'plain'] });
    expect(exported!.events.map((event) => [event.name, event.attributes])).toEqual([['opened', { 'url.full': 'https://x.example/s/[redacted]' }]]);
    expect(exported!.spanContext()).toEqual(span.spanContext());
    expect(exported!.kind).toBe(SpanKind.SERVER);
    expect(JSON.stringify({ name: exported!.name, attributes: exported!.attributes, events: exported!.events })).not.toContain(token);
    await provider.shutdown();
  });
});

describe('traceExportWanted', () => {
  it('exports only when a collector is named and nothing turns it off', () => {
    expect(traceExportWanted({})).toBe(false);
    expect(traceExportWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(traceExportWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(traceExportWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(traceExportWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
  });
});
