// The share link aggregate as one decider.
import type { Decider } from '@candor/runtime';
import { decide, type ShareLinkCommand } from './decide';
import { evolve, initialState, type ShareLink, type ShareLinkEvent } from './share-link';

export const shareLinkDecider: Decider<ShareLink, ShareLinkCommand, ShareLinkEvent> = { initialState, evolve, decide };

export * from './share-link';
export * from './decide';
