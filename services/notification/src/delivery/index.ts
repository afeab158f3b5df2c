import type { EventStore } from '@candor/runtime';
import { decide } from './decide';
import { evolve, initialState, type Delivery, type DeliveryEvent } from './delivery';

export const deliveryDecider = { initialState, evolve, decide };
export * from './decide';
export * from './delivery';

/** The delivery as its stream has it now (the write model). */
export async function loadDelivery(store: Pick<EventStore, 'readStream'>, streamId: string): Promise<Delivery> {
  const events = await store.readStream(streamId);
  return events.reduce((state, event) => evolve(state, event as unknown as DeliveryEvent), initialState());
}
