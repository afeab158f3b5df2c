// Commands of an organisation's share settings. Defaults must sit within the ceilings; ceilings
// below the current defaults are refused rather than silently lowering the defaults. Any recruiter
// of the organisation sets the defaults; only its admin (its founder, see share-settings.ts) the
// ceilings, since they bound what every colleague may share.
import { sharingEventNames as names, type ShareCeilings, type ShareDefaults } from '@candor/contracts';
import { ForbiddenError, ValidationError, type FieldError } from '@candor/runtime';
import { organisationAdminNoted, type ShareSettings, type ShareSettingsEvent } from './share-settings';

export type SetShareDefaults = {
  type: 'SetShareDefaults';
  organisationId: string;
  defaults: ShareDefaults;
  by: string;
  at: string;
};
export type SetShareCeilings = {
  type: 'SetShareCeilings';
  organisationId: string;
  ceilings: ShareCeilings;
  by: string;
  at: string;
};
/** From policy `sharing.organisations`: identity's OrganisationCreated names the founder. */
export type NoteOrganisationAdmin = {
  type: 'NoteOrganisationAdmin';
  organisationId: string;
  adminId: string;
};
export type ShareSettingsCommand = SetShareDefaults | SetShareCeilings | NoteOrganisationAdmin;

function beyondCeilings(defaults: ShareDefaults, ceilings: ShareCeilings, where: string): FieldError[] {
  const errors: FieldError[] = [];
  if (defaults.expiryDays > ceilings.maxExpiryDays)
    errors.push({
      path: `${where}.expiryDays`,
      message: `the default expiry (${defaults.expiryDays} days) is beyond the ceiling of ${ceilings.maxExpiryDays} days`,
    });
  if (defaults.maxViews > ceilings.maxViews)
    errors.push({
      path: `${where}.maxViews`,
      message: `the default max views (${defaults.maxViews}) is beyond the ceiling of ${ceilings.maxViews}`,
    });
  return errors;
}

export function setShareDefaults(command: SetShareDefaults, state: ShareSettings): ShareSettingsEvent[] {
  const errors = beyondCeilings(command.defaults, state.ceilings, 'body');
  if (errors.length > 0) throw new ValidationError(errors[0]!.message, errors);
  if (JSON.stringify(command.defaults) === JSON.stringify(state.defaults)) return [];
  const { organisationId, defaults, by, at } = command;
  return [{ type: names.ShareDefaultsSet, data: { organisationId, defaults, by, at } }];
}

export function setShareCeilings(command: SetShareCeilings, state: ShareSettings): ShareSettingsEvent[] {
  if (state.admin === null)
    throw new ForbiddenError(
      "Only your organisation's admin may set the share ceilings, and this service has not yet heard who that is. Try again in a moment.",
    );
  if (command.by !== state.admin)
    throw new ForbiddenError(
      "Only your organisation's admin (the recruiter who created it) may set the share ceilings.",
    );
  const errors = beyondCeilings(state.defaults, command.ceilings, 'defaults');
  if (errors.length > 0) throw new ValidationError(`Lower the defaults first: ${errors[0]!.message}.`, errors);
  if (JSON.stringify(command.ceilings) === JSON.stringify(state.ceilings)) return [];
  const { organisationId, ceilings, by, at } = command;
  return [{ type: names.ShareCeilingsSet, data: { organisationId, ceilings, by, at } }];
}

/** The founder is noted once: an organisation is created once, so a redelivery writes nothing. */
export function noteOrganisationAdmin(command: NoteOrganisationAdmin, state: ShareSettings): ShareSettingsEvent[] {
  if (state.admin !== null) return [];
  const { organisationId, adminId } = command;
  return [{ type: organisationAdminNoted, data: { organisationId, adminId } }];
}

export function decide(command: ShareSettingsCommand, state: ShareSettings): ShareSettingsEvent[] {
  switch (command.type) {
    case 'NoteOrganisationAdmin':
      return noteOrganisationAdmin(command, state);
    case 'SetShareDefaults':
      return setShareDefaults(command, state);
    case 'SetShareCeilings':
      return setShareCeilings(command, state);
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}
