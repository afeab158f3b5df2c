// Commands of the share link aggregate, one pure function each. Time, ids and the acting recruiter
// arrive in the command; the organisation's ceilings and what the sharing service knows of the
// interview are read by the caller from this service's own write model and passed in.
import {
  sharingEventNames as names,
  shareProblemTypes,
  type NameVisibility,
  type ShareCeilings,
  type ShareContent,
  type ShareRecordings,
} from '@candor/contracts';
import { ConflictError, GoneError, NotFoundError, ValidationError } from '@candor/runtime';
import { statusAt, viewingSessionMs, type ShareLink, type ShareLinkEvent } from './share-link';

const dayMs = 24 * 60 * 60_000;

export type CreateShareLink = {
  type: 'CreateShareLink';
  shareLinkId: string;
  organisationId: string;
  liveInterviewId: string;
  linkId: string;
  name: string;
  nameVisibility: NameVisibility;
  content: ShareContent;
  recordings: ShareRecordings;
  expiryDays: number;
  maxViews: number;
  quick: boolean;
  ceilings: ShareCeilings;
  /** the interview as the sharing service follows it: null when it never heard of it */
  interview: { organisationId: string; cancelled: boolean } | null;
  /** when the recordings the link shows are deleted (retention): the expiry never passes it; null: none ended yet */
  dataUntil: string | null;
  by: string;
  byName: string;
  at: string;
};
export type EditShareLink = {
  type: 'EditShareLink';
  organisationId: string;
  name?: string;
  nameVisibility?: NameVisibility;
  content?: ShareContent;
  recordings?: ShareRecordings;
  /** when the recordings the edited link shows are deleted: an expiry past it is brought forward */
  dataUntil?: string | null;
  by: string;
  at: string;
};
export type RevokeShareLink = {
  type: 'RevokeShareLink';
  organisationId: string;
  reason: 'recruiter' | 'interview-cancelled';
  by: string;
  at: string;
};
/** A viewer's page asks to watch: a new viewing session (one counted view), or the one it holds. */
export type ViewShareLink = {
  type: 'ViewShareLink';
  /** the viewing session the viewer's cookie proves, if any (already verified against the key) */
  presentedSessionId: string | null;
  /** fresh random id for the session this view would grant */
  newSessionId: string;
  userAgent: string;
  at: string;
};
export type NoteExpiry = { type: 'NoteExpiry'; at: string };

export type ShareLinkCommand = CreateShareLink | EditShareLink | RevokeShareLink | ViewShareLink | NoteExpiry;
type Existing = Exclude<ShareLink, { status: 'none' }>;

function existing(state: ShareLink, organisationId: string): Existing {
  // another organisation's link answers exactly like a missing one
  if (state.status === 'none' || state.link.organisationId !== organisationId) {
    throw new NotFoundError('No such share link.');
  }
  return state;
}

export function createShareLink(command: CreateShareLink, state: ShareLink): ShareLinkEvent[] {
  if (state.status !== 'none') return [];
  const { interview, ceilings } = command;
  if (!interview || interview.organisationId !== command.organisationId) {
    throw new NotFoundError('No such interview.');
  }
  if (interview.cancelled) throw new ConflictError('This interview was cancelled; it cannot be shared.');
  if (command.expiryDays > ceilings.maxExpiryDays) {
    throw new ValidationError(`Your organisation allows share links of at most ${ceilings.maxExpiryDays} days.`, [
      { path: 'body.expiryDays', message: `at most ${ceilings.maxExpiryDays} days` },
    ]);
  }
  if (command.maxViews > ceilings.maxViews) {
    throw new ValidationError(`Your organisation allows at most ${ceilings.maxViews} views per share link.`, [
      { path: 'body.maxViews', message: `at most ${ceilings.maxViews} views` },
    ]);
  }
  const asked = Date.parse(command.at) + command.expiryDays * dayMs;
  // no share link outlives the data: capped at the recordings' deletion date
  const cap = command.dataUntil ? Date.parse(command.dataUntil) : Infinity;
  const expiresAt = new Date(Math.min(asked, cap)).toISOString();
  return [
    {
      type: names.ShareLinkCreated,
      data: {
        shareLinkId: command.shareLinkId,
        organisationId: command.organisationId,
        liveInterviewId: command.liveInterviewId,
        linkId: command.linkId,
        name: command.name,
        nameVisibility: command.nameVisibility,
        content: command.content,
        recordings: command.recordings,
        expiresAt,
        maxViews: command.maxViews,
        quick: command.quick,
        createdByName: command.byName,
        by: command.by,
        at: command.at,
      },
    },
  ];
}

export function editShareLink(command: EditShareLink, state: ShareLink): ShareLinkEvent[] {
  const current = existing(state, command.organisationId);
  if (current.status === 'revoked') throw new ConflictError('This share link was deleted; it cannot be edited.');
  const { link } = current;
  const next = {
    name: command.name ?? link.name,
    nameVisibility: command.nameVisibility ?? link.nameVisibility,
    content: command.content ?? link.content,
    recordings: command.recordings ?? link.recordings,
  };
  const same =
    JSON.stringify(next) ===
    JSON.stringify({
      name: link.name,
      nameVisibility: link.nameVisibility,
      content: link.content,
      recordings: link.recordings,
    });
  const capped =
    command.dataUntil && Date.parse(command.dataUntil) < Date.parse(link.expiresAt) ? command.dataUntil : undefined;
  if (same && !capped) return [];
  return [
    {
      type: names.ShareLinkEdited,
      data: {
        shareLinkId: link.shareLinkId,
        organisationId: link.organisationId,
        ...next,
        ...(capped ? { expiresAt: capped } : {}),
        by: command.by,
        at: command.at,
      },
    },
  ];
}

export function revokeShareLink(command: RevokeShareLink, state: ShareLink): ShareLinkEvent[] {
  const current = existing(state, command.organisationId);
  if (current.status === 'revoked') return [];
  const { shareLinkId, organisationId } = current.link;
  return [
    {
      type: names.ShareLinkRevoked,
      data: { shareLinkId, organisationId, reason: command.reason, by: command.by, at: command.at },
    },
  ];
}

/** The refusal a viewer gets for a link that is not active: each state its own clear answer. */
export function refusalOf(status: 'expired' | 'used-up' | 'revoked'): GoneError {
  if (status === 'revoked') return new GoneError('This share link has been withdrawn.', shareProblemTypes.revoked);
  if (status === 'expired') return new GoneError('This share link has expired.', shareProblemTypes.expired);
  return new GoneError('This share link has been viewed as many times as it allows.', shareProblemTypes.usedUp);
}

export function viewShareLink(command: ViewShareLink, state: ShareLink): ShareLinkEvent[] {
  // the token was verified against this stream's link id before: a missing stream is a bug upstream
  if (state.status === 'none') throw new NotFoundError('This share link is not valid.', shareProblemTypes.invalid);
  const now = new Date(command.at);
  const status = statusAt(state, now);
  if (status === 'revoked' || status === 'expired') throw refusalOf(status);
  const held = state.viewingSessions.find((session) => session.id === command.presentedSessionId);
  // a reload within the viewer's session counts nothing, even once the budget is used up
  if (held && now.getTime() < Date.parse(held.grantedAt) + viewingSessionMs) return [];
  if (status === 'used-up') throw refusalOf(status);
  const { shareLinkId, organisationId } = state.link;
  return [
    {
      type: names.ShareLinkViewed,
      data: {
        shareLinkId,
        organisationId,
        viewingSessionId: command.newSessionId,
        viewNumber: state.viewingSessions.length + 1,
        userAgent: command.userAgent,
        at: command.at,
      },
    },
  ];
}

export function noteExpiry(command: NoteExpiry, state: ShareLink): ShareLinkEvent[] {
  if (state.status !== 'created' || state.expiryNoted) return [];
  if (statusAt(state, new Date(command.at)) !== 'expired') return [];
  const { shareLinkId, organisationId, expiresAt } = state.link;
  return [{ type: names.ShareLinkExpired, data: { shareLinkId, organisationId, expiresAt, at: command.at } }];
}

export function decide(command: ShareLinkCommand, state: ShareLink): ShareLinkEvent[] {
  switch (command.type) {
    case 'CreateShareLink':
      return createShareLink(command, state);
    case 'EditShareLink':
      return editShareLink(command, state);
    case 'RevokeShareLink':
      return revokeShareLink(command, state);
    case 'ViewShareLink':
      return viewShareLink(command, state);
    case 'NoteExpiry':
      return noteExpiry(command, state);
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}
