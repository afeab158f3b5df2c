import { builtinShareCeilings, builtinShareDefaults, sharingEventNames as names } from '@candor/contracts';
import { ForbiddenError, ValidationError } from '@candor/runtime';
import { decide, type ShareSettingsCommand } from './decide';
import { evolve, initialState, type ShareSettings } from './share-settings';

const at = '2026-11-21T10:00:00.000Z';
const setDefaults = (changes: object): ShareSettingsCommand => ({
  type: 'SetShareDefaults',
  organisationId: 'org-a',
  defaults: { ...builtinShareDefaults, ...changes },
  by: 'rec-1',
  at,
});
const setCeilings = (maxExpiryDays: number, maxViews: number): ShareSettingsCommand => ({
  type: 'SetShareCeilings',
  organisationId: 'org-a',
  ceilings: { maxExpiryDays, maxViews },
  by: 'admin-1',
  at,
});
const founded: ShareSettingsCommand = { type: 'NoteOrganisationAdmin', organisationId: 'org-a', adminId: 'admin-1' };
function given(...commands: ShareSettingsCommand[]): ShareSettings {
  let state = initialState();
  for (const command of commands) for (const event of decide(command, state)) state = evolve(state, event);
  return state;
}

describe('share settings', () => {
  it('starts from the built-in defaults and ceilings', () => {
    expect(given()).toEqual({ defaults: builtinShareDefaults, ceilings: builtinShareCeilings, admin: null });
  });
  it('sets defaults within the ceilings and refuses defaults beyond them', () => {
    expect(decide(setDefaults({ maxViews: 10 }), given())).toEqual([
      {
        type: names.ShareDefaultsSet,
        data: { organisationId: 'org-a', defaults: { ...builtinShareDefaults, maxViews: 10 }, by: 'rec-1', at },
      },
    ]);
    expect(() => decide(setDefaults({ expiryDays: 31 }), given())).toThrow(ValidationError);
    expect(() => decide(setDefaults({ maxViews: 60 }), given(founded, setCeilings(30, 100)))).not.toThrow();
    expect(decide(setDefaults({}), given())).toEqual([]);
  });
  it('refuses ceilings below the current defaults rather than lowering them silently', () => {
    const state = given(founded, setDefaults({ expiryDays: 20 }));
    expect(() => decide(setCeilings(10, 50), state)).toThrow(/Lower the defaults first/);
    expect(given(founded, setDefaults({ expiryDays: 20 }), setCeilings(20, 5)).ceilings).toEqual({
      maxExpiryDays: 20,
      maxViews: 5,
    });
  });
  it("lets only the organisation's admin (its founder) set the ceilings; any recruiter the defaults", () => {
    // before the organisation's creation was followed, nobody may: the check cannot be made
    expect(() => decide(setCeilings(60, 100), given())).toThrow(ForbiddenError);
    const state = given(founded);
    expect(state.admin).toBe('admin-1');
    expect(() => decide({ ...setCeilings(60, 100), by: 'rec-1' } as ShareSettingsCommand, state)).toThrow(
      /Only your organisation's admin/,
    );
    expect(decide(setCeilings(60, 100), state)).toEqual([
      {
        type: names.ShareCeilingsSet,
        data: { organisationId: 'org-a', ceilings: { maxExpiryDays: 60, maxViews: 100 }, by: 'admin-1', at },
      },
    ]);
    expect(decide(setDefaults({ maxViews: 9 }), state)).toHaveLength(1);
    // noted once: a redelivery, or another recruiter, changes nothing
    expect(decide(founded, state)).toEqual([]);
    expect(decide({ ...founded, adminId: 'rec-2' } as ShareSettingsCommand, state)).toEqual([]);
  });
});
