// Share links: a completed live interview sent to outside reviewers (hiring managers, clients)
// through a capability link, owned by the sharing service. No working token is in an event, a read
// model or a log: the token is derived from the link's id and a random link id (128 bits) under a
// server key (services/sharing/src/share-tokens.ts). Hidden content is absent from every answer the
// viewer gets, never sent and hidden by CSS.
import { z } from 'zod';

export const shareLimits = {
  name: 200,
  userAgent: 60,
  recordings: 100,
  /** what an organisation may not go beyond even when its admin raises the ceilings */
  absoluteMaxExpiryDays: 365,
  absoluteMaxViews: 10_000,
} as const;

/** How the viewer is told the candidate's name: `first` shows the first word only. */
export const nameVisibility = z.enum(['full', 'first', 'hidden']);
export type NameVisibility = z.infer<typeof nameVisibility>;

/** The content toggles: each field the viewer may see. */
export const shareContent = z.strictObject({
  interviewTitle: z.boolean(),
  inviterDetails: z.boolean(),
  scheduledAt: z.boolean(),
  duration: z.boolean(),
  interviewerNames: z.boolean(),
  averageScore: z.boolean(),
});
export type ShareContent = z.infer<typeof shareContent>;

/** Which recordings are in the viewer's playlist: every ready one, or these segment ids. */
export const shareRecordings = z.union([
  z.literal('all'),
  z.array(z.uuid({ message: 'recording ids are UUIDs' })).max(shareLimits.recordings),
]);
export type ShareRecordings = z.infer<typeof shareRecordings>;

export const shareDefaults = z.strictObject({
  expiryDays: z.number().int().min(1).max(shareLimits.absoluteMaxExpiryDays),
  maxViews: z.number().int().min(1).max(shareLimits.absoluteMaxViews),
  nameVisibility,
  content: shareContent,
});
export type ShareDefaults = z.infer<typeof shareDefaults>;

export const shareCeilings = z.strictObject({
  maxExpiryDays: z.number().int().min(1).max(shareLimits.absoluteMaxExpiryDays),
  maxViews: z.number().int().min(1).max(shareLimits.absoluteMaxViews),
});
export type ShareCeilings = z.infer<typeof shareCeilings>;

/** What an organisation that never chose gets. */
export const builtinShareDefaults: ShareDefaults = {
  expiryDays: 7,
  maxViews: 5,
  nameVisibility: 'first',
  content: {
    interviewTitle: true,
    inviterDetails: false,
    scheduledAt: true,
    duration: true,
    interviewerNames: false,
    averageScore: false,
  },
};
export const builtinShareCeilings: ShareCeilings = { maxExpiryDays: 30, maxViews: 50 };

const by = { by: z.string(), at: z.string() };
const ofLink = { shareLinkId: z.string(), organisationId: z.string() };

export const sharingEventSchemas = {
  ShareLinkCreated: z.object({
    ...ofLink,
    liveInterviewId: z.string(),
    /** random (128 bits): the token is derived from it under a server key */
    linkId: z.string(),
    name: z.string(),
    nameVisibility,
    content: shareContent,
    recordings: shareRecordings,
    expiresAt: z.string(),
    maxViews: z.number().int(),
    /** made with the organisation's defaults in one click */
    quick: z.boolean(),
    createdByName: z.string(),
    ...by,
  }),
  ShareLinkEdited: z.object({
    ...ofLink,
    name: z.string(),
    nameVisibility,
    content: shareContent,
    recordings: shareRecordings,
    /** brought forward when the recordings it now shows are deleted sooner (no share link outlives the data) */
    expiresAt: z.string().optional(),
    ...by,
  }),
  /** a viewing session was granted: one counted view */
  ShareLinkViewed: z.object({
    ...ofLink,
    /** random (128 bits): the viewer's cookie is derived from it under a server key */
    viewingSessionId: z.string(),
    /** 1 for the first view */
    viewNumber: z.number().int().positive(),
    /** coarse, e.g. "Chrome on macOS"; no address is kept */
    userAgent: z.string(),
    at: z.string(),
  }),
  ShareLinkRevoked: z.object({ ...ofLink, reason: z.enum(['recruiter', 'interview-cancelled']), ...by }),
  /** noted the first time the link is presented after its expiry (expiry itself is read off the clock) */
  ShareLinkExpired: z.object({ ...ofLink, expiresAt: z.string(), at: z.string() }),
  ShareDefaultsSet: z.object({ organisationId: z.string(), defaults: shareDefaults, ...by }),
  ShareCeilingsSet: z.object({ organisationId: z.string(), ceilings: shareCeilings, ...by }),
} as const;

export const sharingEventNames = {
  ShareLinkCreated: 'sharing.ShareLinkCreated.v1',
  ShareLinkEdited: 'sharing.ShareLinkEdited.v1',
  ShareLinkViewed: 'sharing.ShareLinkViewed.v1',
  ShareLinkRevoked: 'sharing.ShareLinkRevoked.v1',
  ShareLinkExpired: 'sharing.ShareLinkExpired.v1',
  ShareDefaultsSet: 'sharing.ShareDefaultsSet.v1',
  ShareCeilingsSet: 'sharing.ShareCeilingsSet.v1',
} as const;

/** Problem types of the viewer's refusals, so the page can say which. */
export const shareProblemTypes = {
  invalid: 'share-link-invalid',
  expired: 'share-link-expired',
  usedUp: 'share-link-used-up',
  revoked: 'share-link-revoked',
  viewingSession: 'share-viewing-session-needed',
} as const;

/** The viewer page: `/s/<token>`. Logs mask what follows it. */
export const shareLinkPrefix = '/s/';

// ---------------------------------------------------------------------------------------------------
// HTTP, mounted at /api/sharing.

export const sharingPaths = {
  /** recruiter: GET lists, POST creates a custom link */
  interviewLinks: (liveInterviewId: string) => `/api/sharing/interviews/${encodeURIComponent(liveInterviewId)}/links`,
  /** recruiter: POST makes a link with the organisation's defaults */
  quickShare: (liveInterviewId: string) => `/api/sharing/interviews/${encodeURIComponent(liveInterviewId)}/quick-share`,
  /** recruiter: PATCH edits the visible content, DELETE revokes */
  link: (shareLinkId: string) => `/api/sharing/links/${encodeURIComponent(shareLinkId)}`,
  views: (shareLinkId: string) => `/api/sharing/links/${encodeURIComponent(shareLinkId)}/views`,
  /** recruiter: GET the viewing log of every link of an interview (the Share tab), newest first */
  interviewViews: (liveInterviewId: string) => `/api/sharing/interviews/${encodeURIComponent(liveInterviewId)}/views`,
  /** recruiter: GET both, PUT /defaults and PUT /ceilings */
  settings: '/api/sharing/settings',
  defaults: '/api/sharing/settings/defaults',
  ceilings: '/api/sharing/settings/ceilings',
  /** recruiter: the organisation's audit log as JSON lines */
  auditExport: '/api/sharing/audit/export',
  /** viewer, no account: POST { token } — is the link usable; counts nothing */
  viewerOpen: '/api/sharing/viewer/open',
  /** viewer: POST { token } from the loaded page — grants (counts) or renews a viewing session */
  viewerView: '/api/sharing/viewer/view',
  /** viewer: GET with `X-Share-Token` and the viewing-session cookie — the content switched on */
  viewerContent: '/api/sharing/viewer/content',
  /** the candidate, no account: POST { token } (their live candidate link) — was the interview shared, viewed when */
  candidateShares: '/api/sharing/candidate/shares',
  /** recording service only (service token): POST { token, pass } — the viewing session a share viewer holds */
  playbackGrant: '/api/sharing/internal/playback-grants',
  /** recording service only (service token): POST — may this viewing session still play this recording? */
  playbackCheck: '/api/sharing/internal/playback-checks',
} as const;

/**
 * What the candidate sees of the sharing of their interview, from their own candidate link after the
 * interview: how many share links were made and when it was viewed — never who, nor link names.
 */
export const candidateSharesResponse = z.object({
  /** share links made of the interview (revoked ones included: it was shared) */
  links: z.number().int(),
  /** every counted view's time, oldest first */
  viewedAt: z.array(z.string()),
});
export type CandidateSharesResponse = z.infer<typeof candidateSharesResponse>;

/** What the sharing service vouches for: a viewing session it granted, and the recordings it may play. */
export const playbackGrantResponse = z.object({
  shareLinkId: z.string(),
  viewingSessionId: z.string(),
  liveInterviewId: z.string(),
  recordings: z.array(z.string()),
});
export type PlaybackGrantResponse = z.infer<typeof playbackGrantResponse>;
export const playbackCheckRequest = z.strictObject({
  shareLinkId: z.uuid(),
  viewingSessionId: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  roomId: z.string().min(1).max(100),
  recordingId: z.uuid(),
});
export type PlaybackCheckRequest = z.infer<typeof playbackCheckRequest>;

/** The viewing-session cookie of one link: its name carries the link id, so links do not share one. */
export const viewingCookieName = (shareLinkId: string) => `candor_share_${shareLinkId.replace(/-/g, '')}`;
export const shareTokenHeader = 'x-share-token';

const linkName = z.string().trim().min(1, 'a link name is required').max(shareLimits.name);

export const createShareLinkRequest = z.strictObject({
  name: linkName,
  nameVisibility: nameVisibility.optional(),
  content: shareContent.optional(),
  recordings: shareRecordings.optional(),
  expiryDays: z.number().int('expiry is whole days').min(1, 'at least 1 day').optional(),
  maxViews: z.number().int('max views is a whole number').min(1, 'at least 1 view').optional(),
});
export type CreateShareLinkRequest = z.input<typeof createShareLinkRequest>;

export const editShareLinkRequest = z.strictObject({
  name: linkName.optional(),
  nameVisibility: nameVisibility.optional(),
  content: shareContent.optional(),
  recordings: shareRecordings.optional(),
});
export type EditShareLinkRequest = z.input<typeof editShareLinkRequest>;

export const shareLinkIdParams = z.strictObject({ shareLinkId: z.uuid({ message: 'shareLinkId must be a UUID' }) });
export const sharedInterviewParams = z.strictObject({
  liveInterviewId: z.uuid({ message: 'liveInterviewId must be a UUID' }),
});
export const shareTokenRequest = z.strictObject({ token: z.string().min(1).max(200) });

/** `ended`: every recording it showed was deleted, or its interview was cancelled (the overview only) */
export const shareLinkStatus = z.enum(['active', 'expired', 'used-up', 'revoked', 'ended']);
export type ShareLinkStatus = z.infer<typeof shareLinkStatus>;

export const shareLinkView = z.object({
  id: z.string(),
  liveInterviewId: z.string(),
  name: z.string(),
  /** the viewer page's path, `/s/<token>` (derived on read, never stored) */
  path: z.string(),
  views: z.number().int(),
  maxViews: z.number().int(),
  expiresAt: z.string(),
  status: shareLinkStatus,
  nameVisibility,
  content: shareContent,
  recordings: shareRecordings,
  quick: z.boolean(),
  createdAt: z.string(),
  createdByName: z.string(),
});
export type ShareLinkView = z.infer<typeof shareLinkView>;

export const viewingLogEntry = z.object({
  at: z.string(),
  linkName: z.string(),
  userAgent: z.string(),
  viewNumber: z.number().int(),
});
export type ViewingLogEntry = z.infer<typeof viewingLogEntry>;
/** a viewing log, newest first: no address, no device detail beyond browser family and system */
export const viewingLogResponse = z.object({ views: z.array(viewingLogEntry) });
export type ViewingLogResponse = z.infer<typeof viewingLogResponse>;

export const shareSettingsView = z.object({
  defaults: shareDefaults,
  ceilings: shareCeilings,
  /** whether the asking recruiter is the organisation's admin, who alone sets the ceilings */
  canSetCeilings: z.boolean(),
});
export type ShareSettingsView = z.infer<typeof shareSettingsView>;

export const shareLinkListResponse = z.object({ links: z.array(shareLinkView), caughtUp: z.boolean() });
export type ShareLinkListResponse = z.infer<typeof shareLinkListResponse>;
/** an edit or a delete: the link and the position to wait for */
export const shareChangeResult = z.object({ id: z.string(), waitFor: z.string() });

export const shareCommandResult = z.object({
  id: z.string(),
  path: z.string(),
  waitFor: z.string(),
});

/** What the viewer page is told before a view is counted: enough for its title and its state. */
export const viewerOpenResponse = z.object({ status: z.literal('active'), pageTitle: z.string() });
export type ViewerOpenResponse = z.infer<typeof viewerOpenResponse>;

/**
 * What the viewer sees. Every optional field is absent (not null) when its toggle is off;
 * `candidateName` is absent when the name is hidden and the first word only for `first`.
 */
export const viewerContent = z.object({
  pageTitle: z.string(),
  candidateName: z.string().optional(),
  interviewTitle: z.string().optional(),
  inviter: z.object({ name: z.string(), organisationName: z.string() }).optional(),
  scheduledAt: z.object({ startsAt: z.string(), timeZone: z.string() }).optional(),
  durationMinutes: z.number().int().optional(),
  interviewerNames: z.array(z.string()).optional(),
  /** absent when the toggle is off; null when on but nobody scored yet */
  averageScore: z.number().nullable().optional(),
  recordings: z.array(z.object({ id: z.string(), index: z.number().int(), durationMs: z.number().int().nullable() })),
  expiresAt: z.string(),
});
export type ViewerContent = z.infer<typeof viewerContent>;

export const viewerViewResponse = z.object({
  /** false when an open viewing session was renewed (a reload): nothing was counted */
  counted: z.boolean(),
  content: viewerContent,
});
export type ViewerViewResponse = z.infer<typeof viewerViewResponse>;
