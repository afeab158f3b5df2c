// Reading a share link and its followed interview from this service's write model, for every viewer
// decision (the viewer's pages and the recording service's playback checks alike): the link a token
// opens (one refusal for malformed, unknown and forged tokens), the followed interview (a link whose
// interview was cancelled or whose recordings were all deleted has ended), and whether a viewing
// session the link granted is still open. The viewer's reads go through `viewerStates`: the folded
// state of both streams kept per stream version (runtime `foldedStates`), each stream still read on
// every request, so a revoke, a cancel or a used-up budget is seen by the next request.
import { shareProblemTypes } from '@candor/contracts';
import { foldedStates, GoneError, NotFoundError, type EventStore, type FoldedStates } from '@candor/runtime';
import { shareLinkDecider, shareLinkStream, viewingSessionMs, type ShareLink, type ShareLinkEvent } from '../share-link';
import type { ShareTokens } from '../share-tokens';
import {
  sharedInterviewDecider,
  sharedInterviewStream,
  type SharedInterview,
  type SharedInterviewEvent,
} from '../shared-interview';
import { endedBecause } from './content';

export type ExistingLink = Exclude<ShareLink, { status: 'none' }>;

export const invalidLink = () => new NotFoundError('This share link is not valid.', shareProblemTypes.invalid);

export async function loadShareLink(store: EventStore, shareLinkId: string): Promise<ShareLink> {
  let state = shareLinkDecider.initialState();
  for (const event of await store.readStream(shareLinkStream(shareLinkId)))
    state = shareLinkDecider.evolve(state, event as unknown as ShareLinkEvent);
  return state;
}

/** The write models a viewer's request reads, folded per stream version; one per router. */
export interface ViewerStates {
  links: FoldedStates<ShareLink>;
  interviews: FoldedStates<SharedInterview>;
}

export function viewerStates(store: EventStore): ViewerStates {
  return {
    links: foldedStates<ShareLink, ShareLinkEvent>(store, shareLinkDecider),
    interviews: foldedStates<SharedInterview, SharedInterviewEvent>(store, sharedInterviewDecider),
  };
}

/** The link a token opens, or the one refusal for malformed, unknown and forged tokens alike. */
export async function linkOfToken(states: ViewerStates, shareTokens: ShareTokens, token: string): Promise<ExistingLink> {
  const shareLinkId = shareTokens.shareLinkOf(token);
  if (!shareLinkId) throw invalidLink();
  const { state } = await states.links.load(shareLinkStream(shareLinkId));
  if (state.status === 'none' || !shareTokens.verify(token, shareLinkId, state.link.linkId)) throw invalidLink();
  return state;
}

/** The followed interview of a link; throws 410 (revoked) when the link has ended because of it. */
export async function interviewOfLink(states: ViewerStates, link: ExistingLink['link']) {
  const { state } = await states.interviews.load(sharedInterviewStream(link.liveInterviewId));
  const ended = endedBecause(link, state);
  if (ended) throw new GoneError(ended, shareProblemTypes.revoked);
  return state;
}

/** Whether `sessionId` is a viewing session the link granted that is still within its time. */
export function sessionOpen(state: ExistingLink, sessionId: string | null, at: Date): boolean {
  const session = sessionId ? state.viewingSessions.find((held) => held.id === sessionId) : undefined;
  return !!session && at.getTime() < Date.parse(session.grantedAt) + viewingSessionMs;
}
