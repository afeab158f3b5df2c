// An organisation's share settings: the defaults a Quick Share link gets (and a custom link starts
// from) and the admin's ceilings no link may exceed. Stream: `share-settings-<organisationId>`. An
// organisation that never chose has the built-in values, so the state is never "none".
import type { z } from 'zod';
import {
  builtinShareCeilings,
  builtinShareDefaults,
  sharingEventNames as names,
  type ShareCeilings,
  type ShareDefaults,
  type sharingEventSchemas,
} from '@candor/contracts';

type Data<K extends keyof typeof sharingEventSchemas> = z.infer<(typeof sharingEventSchemas)[K]>;

export type ShareSettingsEvent =
  | { type: typeof names.ShareDefaultsSet; data: Data<'ShareDefaultsSet'> }
  | { type: typeof names.ShareCeilingsSet; data: Data<'ShareCeilingsSet'> };

export interface ShareSettings {
  defaults: ShareDefaults;
  ceilings: ShareCeilings;
}

export const initialState = (): ShareSettings => ({ defaults: builtinShareDefaults, ceilings: builtinShareCeilings });

export function evolve(state: ShareSettings, event: ShareSettingsEvent): ShareSettings {
  switch (event.type) {
    case names.ShareDefaultsSet:
      return { ...state, defaults: event.data.defaults };
    case names.ShareCeilingsSet:
      return { ...state, ceilings: event.data.ceilings };
  }
}

export const shareSettingsStream = (organisationId: string) => `share-settings-${organisationId}`;
