// The share link aggregate: one link to one completed live interview, its visible content, its
// limits (expiry, max views) and the viewing sessions it granted. Stream: `share-link-<id>`. Views
// are events of this stream, so "at most maxViews" is enforced by the stream's optimistic
// concurrency: two first opens that read the same version cannot both append.
import type { z } from 'zod';
import {
  sharingEventNames as names,
  type NameVisibility,
  type ShareContent,
  type ShareLinkStatus,
  type ShareRecordings,
  type sharingEventSchemas,
} from '@candor/contracts';

type Data<K extends keyof typeof sharingEventSchemas> = z.infer<(typeof sharingEventSchemas)[K]>;

export type ShareLinkEvent =
  | { type: typeof names.ShareLinkCreated; data: Data<'ShareLinkCreated'> }
  | { type: typeof names.ShareLinkEdited; data: Data<'ShareLinkEdited'> }
  | { type: typeof names.ShareLinkViewed; data: Data<'ShareLinkViewed'> }
  | { type: typeof names.ShareLinkRevoked; data: Data<'ShareLinkRevoked'> }
  | { type: typeof names.ShareLinkExpired; data: Data<'ShareLinkExpired'> };

export interface ViewingSession {
  id: string;
  grantedAt: string;
}

export interface ShareLinkDetails {
  shareLinkId: string;
  organisationId: string;
  liveInterviewId: string;
  linkId: string;
  name: string;
  nameVisibility: NameVisibility;
  content: ShareContent;
  recordings: ShareRecordings;
  expiresAt: string;
  maxViews: number;
  createdAt: string;
}

export type ShareLink =
  | { status: 'none' }
  | {
      status: 'created' | 'revoked';
      link: ShareLinkDetails;
      viewingSessions: ViewingSession[];
      /** ShareLinkExpired was recorded (the audit's note; expiry itself is read off the clock) */
      expiryNoted: boolean;
    };

export const initialState = (): ShareLink => ({ status: 'none' });

export function evolve(state: ShareLink, event: ShareLinkEvent): ShareLink {
  if (event.type === names.ShareLinkCreated) {
    const { by: _by, at, quick: _quick, createdByName: _name, ...link } = event.data;
    return { status: 'created', link: { ...link, createdAt: at }, viewingSessions: [], expiryNoted: false };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case names.ShareLinkEdited: {
      const { name, nameVisibility, content, recordings, expiresAt } = event.data;
      const capped = expiresAt ?? state.link.expiresAt;
      return { ...state, link: { ...state.link, name, nameVisibility, content, recordings, expiresAt: capped } };
    }
    case names.ShareLinkViewed:
      return {
        ...state,
        viewingSessions: [...state.viewingSessions, { id: event.data.viewingSessionId, grantedAt: event.data.at }],
      };
    case names.ShareLinkRevoked:
      return { ...state, status: 'revoked' };
    case names.ShareLinkExpired:
      return { ...state, expiryNoted: true };
  }
}

/** What the link is at this instant: revocation first, then expiry, then the view budget. */
export function statusAt(state: Exclude<ShareLink, { status: 'none' }>, now: Date): Exclude<ShareLinkStatus, 'ended'> {
  if (state.status === 'revoked') return 'revoked';
  if (now.getTime() >= Date.parse(state.link.expiresAt)) return 'expired';
  if (state.viewingSessions.length >= state.link.maxViews) return 'used-up';
  return 'active';
}

/** A granted viewing session lasts this long; within it a reload counts nothing. */
export const viewingSessionMs = 30 * 60_000;

export const shareLinkStream = (shareLinkId: string) => `share-link-${shareLinkId}`;
