// A projection's consumer span continues the trace of the span that published the event: the trace
// context travels in the message's `traceparent` header, over the in-process bus and over Kafka.
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createInProcessBus, type MessageBus } from '@candor/runtime/src/bus';
import { createKafkaBus } from '@candor/runtime/kafka';
import { createMemoryDocumentStore } from '@candor/runtime/src/documents';
import { createLogger } from '@candor/runtime/src/logging';
import { createProjectionRunner } from '@candor/runtime/src/projections';
import { currentTraceHeaders, installTracePropagation, withSpan } from '@candor/runtime/src/telemetry/tracing';
import { uniqueName, waitUntil } from './helpers';
import { describeWithKafka } from './infra';
import { recorded, tallyProjection } from './projections.contract';

// Kafka group joins and rebalances take seconds (jest's per-project testTimeout is not applied).
jest.setTimeout(60_000);

const exporter = new InMemorySpanExporter();
const logger = createLogger('test', 'silent');

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  installTracePropagation();
});
afterAll(() => {
  trace.disable();
  context.disable();
});

function traceContinuesThrough(getBus: () => MessageBus) {
  test('the consumer span shares the trace of the publishing span', async () => {
    const topic = uniqueName('contract.tracing');
    await getBus().ensureTopics([topic]);
    const projection = tallyProjection(topic);
    const runner = createProjectionRunner({ projection, bus: getBus(), documents: createMemoryDocumentStore(), logger });
    await runner.start();
    const event = recorded('traced-stream', 1);
    const publisher = await withSpan('command InviteCandidate', { kind: 'producer' }, async (span) => {
      const headers = currentTraceHeaders();
      expect(headers.traceparent).toBeDefined();
      await getBus().publish(topic, [{ key: event.streamId, value: JSON.stringify(event), headers: { traceparent: headers.traceparent! } }]);
      return span.spanContext();
    });
    expect(await runner.waitFor(event.streamId, event.position, 20_000)).toBe(true);
    await runner.stop();
    const name = `projection ${projection.name}`;
    await waitUntil('the consumer span ended', () => exporter.getFinishedSpans().some((span) => span.name === name));
    const consumer = exporter.getFinishedSpans().find((span) => span.name === name)!;
    expect(consumer.kind).toBe(4); // SpanKind.CONSUMER
    expect(consumer.spanContext().traceId).toBe(publisher.traceId);
    expect(consumer.parentSpanContext?.spanId).toBe(publisher.spanId);
    expect(consumer.attributes['candor.stream_id']).toBe('traced-stream');
  });
}

describe('tracing over the in-process bus', () => {
  let bus: MessageBus;
  beforeAll(() => {
    bus = createInProcessBus({ logger });
  });
  afterAll(() => bus.close());
  traceContinuesThrough(() => bus);
});

describeWithKafka('tracing over kafka', (brokers) => {
  let bus: MessageBus;
  beforeAll(() => {
    bus = createKafkaBus({ brokers: brokers(), clientId: 'candor-contract', logger });
  });
  afterAll(() => bus.close());
  traceContinuesThrough(() => bus);
});
