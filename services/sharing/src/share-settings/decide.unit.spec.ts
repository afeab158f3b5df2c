import { builtinShareCeilings, builtinShareDefaults, sharingEventNames as names } from '@candor/contracts';
import { ValidationError } from '@candor/runtime';
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
function given(...commands: ShareSettingsCommand[]): ShareSettings {
  let state = initialState();
  for (const command of commands) for (const event of decide(command, state)) state = evolve(state, event);
  return state;
}

describe('share settings', () => {
  it('starts from the built-in defaults and ceilings', () => {
    expect(given()).toEqual({ defaults: builtinShareDefaults, ceilings: builtinShareCeilings });
  });
  it('sets defaults within the ceilings and refuses defaults beyond them', () => {
    expect(decide(setDefaults({ maxViews: 10 }), given())).toEqual([
      {
        type: names.ShareDefaultsSet,
        data: { organisationId: 'org-a', defaults: { ...builtinShareDefaults, maxViews: 10 }, by: 'rec-1', at },
      },
    ]);
    expect(() => decide(setDefaults({ expiryDays: 31 }), given())).toThrow(ValidationError);
    expect(() => decide(setDefaults({ maxViews: 60 }), given(setCeilings(30, 100)))).not.toThrow();
    expect(decide(setDefaults({}), given())).toEqual([]);
  });
  it('refuses ceilings below the current defaults rather than lowering them silently', () => {
    const state = given(setDefaults({ expiryDays: 20 }));
    expect(() => decide(setCeilings(10, 50), state)).toThrow(/Lower the defaults first/);
    expect(given(setDefaults({ expiryDays: 20 }), setCeilings(20, 5)).ceilings).toEqual({
      maxExpiryDays: 20,
      maxViews: 5,
    });
  });
});
