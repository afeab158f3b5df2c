// What the sharing service knows of an organisation's recording retention (the recording service
// owns it: `RetentionSet`), followed by policy `sharing.interviews` into this service's own stream
// `shared-retention-<organisationId>`, so a link's expiry is capped at the recordings' deletion
// date from this service's write model. Internal events: they repeat another service's fact.
import { defaultRetentionDays } from '@candor/contracts';
import type { Decider, EventStore } from '@candor/runtime';

export const retentionNoted = 'sharing.RetentionNoted.v1';
export type SharedRetentionEvent = { type: typeof retentionNoted; data: { organisationId: string; days: number } };
export type NoteRetention = { type: 'NoteRetention'; organisationId: string; days: number };
/** the days in force; the recording service's default until the organisation chose */
export type SharedRetention = { days: number };

export const sharedRetentionStream = (organisationId: string) => `shared-retention-${organisationId}`;

export const sharedRetentionDecider: Decider<SharedRetention, NoteRetention, SharedRetentionEvent> = {
  initialState: () => ({ days: defaultRetentionDays }),
  evolve: (_state, event) => ({ days: event.data.days }),
  // a redelivery (the same days again) writes nothing
  decide: (command, state) =>
    command.days === state.days
      ? []
      : [{ type: retentionNoted, data: { organisationId: command.organisationId, days: command.days } }],
};

export async function loadRetentionDays(store: EventStore, organisationId: string): Promise<number> {
  let state = sharedRetentionDecider.initialState();
  for (const event of await store.readStream(sharedRetentionStream(organisationId)))
    state = sharedRetentionDecider.evolve(state, event as unknown as SharedRetentionEvent);
  return state.days;
}
