import type { EventStore } from '@candor/runtime';
import { decide } from './decide';
import {
  evolve,
  initialState,
  recordingsStream,
  type InterviewRecordings,
  type RecordingEvent,
} from './interview-recordings';

export const recordingsDecider = { initialState, evolve, decide };

/** An interview's recordings as its stream says now (the write model: what access checks read). */
export async function loadRecordings(
  store: Pick<EventStore, 'readStream'>,
  roomId: string,
): Promise<InterviewRecordings> {
  const events = await store.readStream(recordingsStream(roomId));
  return events.reduce((state, event) => evolve(state, event as unknown as RecordingEvent), initialState());
}

export * from './decide';
export * from './interview-recordings';
