// Dead letters, the same for every bus adapter: where a consumer group's parked messages go, how a
// parked message is written (the original key, value and headers, plus why, where and when it
// failed), and how a replayed one is marked so that only its own group handles it again.
//
// A replay republishes a parked message to its original topic with `candor-redeliver-to: <group>`:
// every other group skips it (it handled the original), so no second topic per group is needed and
// the replayed message keeps its key's partition.
import type { DeliveredMessage, OutgoingMessage, ParkedMessage } from './types';

export const deadLetterTopic = (groupId: string) => `dead-letters.${groupId}`;
export const isDeadLetterTopic = (topic: string) => topic.startsWith('dead-letters.');

export const deadLetterHeader = {
  group: 'dead-letter-group',
  topic: 'dead-letter-topic',
  partition: 'dead-letter-partition',
  offset: 'dead-letter-offset',
  attempts: 'dead-letter-attempts',
  error: 'dead-letter-error',
  parkedAt: 'dead-letter-parked-at',
} as const;
export const redeliverToHeader = 'candor-redeliver-to';

/** Errors are cut short: a header is not a place for a whole stack of a huge message. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

/** What the dead-letter topic receives for a parked message. */
export function toDeadLetter(parked: ParkedMessage): OutgoingMessage {
  const { message } = parked;
  const headers = { ...message.headers };
  delete headers[redeliverToHeader];
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...headers,
      [deadLetterHeader.group]: parked.groupId,
      [deadLetterHeader.topic]: message.topic,
      [deadLetterHeader.partition]: String(parked.partition),
      [deadLetterHeader.offset]: parked.offset,
      [deadLetterHeader.attempts]: String(parked.attempts),
      [deadLetterHeader.error]: parked.error,
      [deadLetterHeader.parkedAt]: parked.parkedAt,
    },
  };
}

/** A parked message back as it was, addressed to its group alone; null when it is not a dead letter. */
export function toRedelivery(deadLetter: DeliveredMessage): { topic: string; message: OutgoingMessage } | null {
  const topic = deadLetter.headers[deadLetterHeader.topic];
  const groupId = deadLetter.headers[deadLetterHeader.group];
  if (!topic || !groupId) return null;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(deadLetter.headers)) {
    if (!(Object.values(deadLetterHeader) as string[]).includes(name)) headers[name] = value;
  }
  headers[redeliverToHeader] = groupId;
  return { topic, message: { key: deadLetter.key, value: deadLetter.value, headers } };
}

/** true when a replayed message is meant for another group: this one handled the original. */
export function isForAnotherGroup(message: DeliveredMessage, groupId: string): boolean {
  const to = message.headers[redeliverToHeader];
  return to !== undefined && to !== groupId;
}

/**
 * Thrown by a handler for a message that can never succeed as it is (not an event, or an event that
 * fails its schema): with `deadLetter` it is parked at once instead of after every retry.
 */
export class UnprocessableMessage extends Error {
  constructor(message: string, readonly reason?: unknown) {
    super(message);
    this.name = 'UnprocessableMessage';
  }
}

export const isUnprocessable = (error: unknown) => error instanceof UnprocessableMessage;
