import type { EventStore } from '@candor/runtime';
import { decide } from './decide';
import { evolve, initialState, roomStream, type Room, type RoomEvent } from './room';

export const roomDecider = { initialState, evolve, decide };

/** The room as its stream says now (the write model: what every join and host action reads). */
export async function loadRoom(store: Pick<EventStore, 'readStream'>, roomId: string): Promise<Room> {
  const events = await store.readStream(roomStream(roomId));
  return events.reduce((state, event) => evolve(state, event as unknown as RoomEvent), initialState());
}

export * from './access';
export * from './decide';
export * from './room';
