// One consumer span per event a projection handles, each parented on the trace of the command that
// caused it (from the message headers, else the event metadata). A batch is applied in one go, so
// its spans are started together and ended together, all covering the one batched write.
import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { RecordedEvent } from '@candor/contracts';
import type { DeliveredMessage } from '../bus/types';
import { contextFromHeaders } from '../telemetry/tracing';

export async function withConsumerSpans<T>(
  projection: string,
  handled: { message: DeliveredMessage; event: RecordedEvent }[],
  work: () => Promise<T>,
): Promise<T> {
  const tracer = trace.getTracer('candor');
  const spans: Span[] = handled.map(({ message, event }) =>
    tracer.startSpan(
      `projection ${projection}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'candor.bus',
          'messaging.operation': 'process',
          'messaging.destination.name': message.topic,
          'messaging.batch.message_count': handled.length,
          'candor.event.type': event.type,
          'candor.stream_id': event.streamId,
        },
      },
      contextFromHeaders(message.headers.traceparent ? message.headers : event.metadata),
    ),
  );
  try {
    return await work();
  } catch (error) {
    for (const span of spans) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    }
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}
