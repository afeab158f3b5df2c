import type { EventStore } from '@candor/runtime';
import { decide } from './decide';
import { evolve, initialState, sessionStream, type Session, type SessionEvent } from './session';

export const sessionDecider = { initialState, evolve, decide };

/** The session as its stream says now (the write model: what security decisions read). */
export async function loadSession(store: Pick<EventStore, 'readStream'>, sessionId: string): Promise<Session> {
  const events = await store.readStream(sessionStream(sessionId));
  return events.reduce((state, event) => evolve(state, event as unknown as SessionEvent), initialState());
}

export * from './candidate-link';
export * from './candidate-view';
export * from './decide';
export * from './session';
