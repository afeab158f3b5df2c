// An organisation's share settings as one decider.
import type { Decider } from '@candor/runtime';
import { decide, type ShareSettingsCommand } from './decide';
import { evolve, initialState, type ShareSettings, type ShareSettingsEvent } from './share-settings';

export const shareSettingsDecider: Decider<ShareSettings, ShareSettingsCommand, ShareSettingsEvent> = {
  initialState,
  evolve,
  decide,
};

export * from './share-settings';
export * from './decide';
