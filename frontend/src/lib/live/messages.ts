// Reading the signalling server's messages in the browser. The contracts' zod schemas would bring
// zod and every schema into the page bundle (and cannot run under node:test), so this is a small
// structural check of exactly the fields the client uses; the types are the contracts' own, so a
// change there breaks the type check here.
import type { RoomParticipant, RoomSnapshot, ServerMessage } from '@candor/contracts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const grantNames = ['publish', 'subscribe', 'admit', 'record', 'mute', 'end'] as const;

function isGrants(value: unknown): boolean {
  return isObject(value) && grantNames.every((name) => isBoolean(value[name]));
}

function isParticipant(value: unknown): value is RoomParticipant {
  return (
    isObject(value) &&
    isString(value.id) &&
    isString(value.name) &&
    (value.role === 'candidate' || value.role === 'host') &&
    isBoolean(value.audioMuted)
  );
}

function isSnapshot(value: unknown): value is RoomSnapshot {
  return (
    isObject(value) &&
    Array.isArray(value.participants) &&
    value.participants.every(isParticipant) &&
    Array.isArray(value.waiting) &&
    value.waiting.every((entry) => isObject(entry) && isString(entry.id) && isString(entry.name)) &&
    isBoolean(value.recording)
  );
}

const checks: { [K in ServerMessage['type']]: (message: Json) => boolean } = {
  welcome: (m) =>
    isString(m.participantId) &&
    (m.role === 'candidate' || m.role === 'host') &&
    isGrants(m.grants) &&
    (m.state === 'waiting' || m.state === 'in-room') &&
    isSnapshot(m.room),
  room: (m) => isSnapshot(m.room),
  admitted: () => true,
  published: (m) => isString(m.sdp),
  subscribe: (m) => isString(m.subscriptionId) && isString(m.publisherId) && isString(m.sdp),
  unsubscribed: (m) => isString(m.subscriptionId),
  muted: (m) => isString(m.byName),
  declined: () => true,
  ended: () => true,
  error: (m) => isString(m.code) && isString(m.message),
};

/** The message, or null for anything that is not JSON of a known type with the fields it needs. */
export function parseServerMessage(data: unknown): ServerMessage | null {
  if (!isString(data)) return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isObject(value) || !isString(value.type) || !Object.hasOwn(checks, value.type)) return null;
  const check = checks[value.type as ServerMessage['type']];
  return check(value) ? (value as ServerMessage) : null;
}
