// An organisation's share settings: the defaults a Quick Share link gets (and a custom link starts
// from) and the admin's ceilings no link may exceed. Stream: `share-settings-<organisationId>`. An
// organisation that never chose has the built-in values, so the state is never "none".
// Who the admin is: identity has no roles yet, so the organisation's founder (the recruiter who
// signed up and created it, `identity.OrganisationCreated.createdBy`) — noted here by policy
// `sharing.organisations` as an internal event, so the ceilings' check is on this write model.
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

/** Internal (never on the bus): it repeats identity's fact. */
export const organisationAdminNoted = 'sharing.OrganisationAdminNoted.v1';

export type ShareSettingsEvent =
  | { type: typeof names.ShareDefaultsSet; data: Data<'ShareDefaultsSet'> }
  | { type: typeof names.ShareCeilingsSet; data: Data<'ShareCeilingsSet'> }
  | { type: typeof organisationAdminNoted; data: { organisationId: string; adminId: string } };

export interface ShareSettings {
  defaults: ShareDefaults;
  ceilings: ShareCeilings;
  /** the recruiter who may set the ceilings; null until the organisation's creation was followed */
  admin: string | null;
}

export const initialState = (): ShareSettings => ({
  defaults: builtinShareDefaults,
  ceilings: builtinShareCeilings,
  admin: null,
});

export function evolve(state: ShareSettings, event: ShareSettingsEvent): ShareSettings {
  switch (event.type) {
    case names.ShareDefaultsSet:
      return { ...state, defaults: event.data.defaults };
    case names.ShareCeilingsSet:
      return { ...state, ceilings: event.data.ceilings };
    case organisationAdminNoted:
      return { ...state, admin: event.data.adminId };
  }
}

export const shareSettingsStream = (organisationId: string) => `share-settings-${organisationId}`;
