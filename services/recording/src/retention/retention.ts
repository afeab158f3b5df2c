// The retention aggregate: how many days an organisation keeps its recordings after they end
// (default 180 until someone chooses). Stream: `recording-retention-<organisationId>`. A change applies
// to every recording of the organisation, past ones included: a recording's deletion date is always
// its end + the retention in force now, so shortening the period deletes older recordings sooner.
import {
  defaultRetentionDays,
  retentionEventNames as types,
  retentionLimits,
  type retentionEventSchemas,
} from '@candor/contracts';
import { ValidationError, type EventStore } from '@candor/runtime';
import type { z } from 'zod';

export type RetentionEvent = {
  type: typeof types.RetentionSet;
  data: z.infer<typeof retentionEventSchemas.RetentionSet>;
};
export interface Retention {
  days: number;
  isDefault: boolean;
}
export type RetentionCommand = { type: 'SetRetention'; organisationId: string; days: number; by: string; at: string };

export const retentionStream = (organisationId: string) => `recording-retention-${organisationId}`;
export const initialState = (): Retention => ({ days: defaultRetentionDays, isDefault: true });

export function evolve(_state: Retention, event: RetentionEvent): Retention {
  return { days: event.data.days, isDefault: false };
}

export function decide(command: RetentionCommand, state: Retention): RetentionEvent[] {
  const { organisationId, days, by, at } = command;
  if (!Number.isInteger(days) || days < retentionLimits.minDays || days > retentionLimits.maxDays) {
    throw new ValidationError(`Retention must be ${retentionLimits.minDays}–${retentionLimits.maxDays} whole days.`);
  }
  if (!state.isDefault && state.days === days) return [];
  return [{ type: types.RetentionSet, data: { organisationId, days, by, at } }];
}

export const retentionDecider = { initialState, evolve, decide };

export async function loadRetention(store: Pick<EventStore, 'readStream'>, organisationId: string): Promise<Retention> {
  const events = await store.readStream(retentionStream(organisationId));
  return events.reduce((state, event) => evolve(state, event as unknown as RetentionEvent), initialState());
}

const dayMs = 24 * 60 * 60 * 1000;
/** When a recording that ended at `endedAt` is deleted under this retention. */
export const deleteAfter = (endedAt: string, retention: Pick<Retention, 'days'>): string =>
  new Date(Date.parse(endedAt) + retention.days * dayMs).toISOString();
