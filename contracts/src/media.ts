// The media service: live rooms on the SFU, who may do what in them, and the WebSocket signalling.
// A room is the live interview's room (`room-<liveInterviewId>`); its write model knows the current
// link ids, the schedule, whether the candidate was admitted, declined or the interview ended, so every
// join and every host action is decided against it at the moment it happens.
import { z } from 'zod';
import { liveRole } from './live';

export const roomEventSchemas = {
  /** the room of a scheduled interview (policy on invite.LiveInterviewScheduled) */
  RoomPrepared: z.object({
    roomId: z.string(),
    organisationId: z.string(),
    templateId: z.string(),
    templateName: z.string(),
    candidateName: z.string(),
    startsAt: z.string(),
    durationMinutes: z.number().int(),
    recordable: z.boolean(),
    candidateLinkId: z.string().nullable(),
    hostLinkId: z.string().nullable(),
    at: z.string(),
  }),
  RoomRescheduled: z.object({ roomId: z.string(), organisationId: z.string(), startsAt: z.string(), at: z.string() }),
  RoomLinksChanged: z.object({
    roomId: z.string(),
    organisationId: z.string(),
    candidateLinkId: z.string().nullable(),
    hostLinkId: z.string().nullable(),
    at: z.string(),
  }),
  RoomCancelled: z.object({
    roomId: z.string(),
    organisationId: z.string(),
    /** the recruiter cancelled, or the candidate declined from their link (absent in older events) */
    reason: z.enum(['cancelled', 'candidate-declined']).default('cancelled'),
    at: z.string(),
  }),
  RecordingConsentGiven: z.object({
    roomId: z.string(),
    organisationId: z.string(),
    /** the candidate link the consent was given through */
    linkId: z.string(),
    /** the words the candidate agreed to */
    notice: z.string(),
    at: z.string(),
  }),
  ParticipantJoined: z.object({
    roomId: z.string(),
    organisationId: z.string(),
    participantId: z.string(),
    name: z.string(),
    role: liveRole,
    at: z.string(),
  }),
  ParticipantLeft: z.object({
    roomId: z.string(),
    organisationId: z.string(),
    participantId: z.string(),
    at: z.string(),
  }),
  CandidateAdmitted: z.object({
    roomId: z.string(),
    organisationId: z.string(),
    /** participant id and name of the host who admitted */
    by: z.string(),
    byName: z.string(),
    at: z.string(),
  }),
  CandidateDeclined: z.object({
    roomId: z.string(),
    organisationId: z.string(),
    by: z.string(),
    byName: z.string(),
    at: z.string(),
  }),
  ParticipantMuted: z.object({
    roomId: z.string(),
    organisationId: z.string(),
    participantId: z.string(),
    by: z.string(),
    byName: z.string(),
    at: z.string(),
  }),
  RecordingStarted: z.object({
    roomId: z.string(),
    organisationId: z.string(),
    by: z.string(),
    byName: z.string(),
    at: z.string(),
  }),
  RecordingStopped: z.object({
    roomId: z.string(),
    organisationId: z.string(),
    by: z.string(),
    byName: z.string(),
    at: z.string(),
  }),
  InterviewEnded: z.object({
    roomId: z.string(),
    organisationId: z.string(),
    by: z.string(),
    byName: z.string(),
    at: z.string(),
  }),
} as const;

export const roomEventNames = {
  RoomPrepared: 'media.RoomPrepared.v1',
  RoomRescheduled: 'media.RoomRescheduled.v1',
  RoomLinksChanged: 'media.RoomLinksChanged.v1',
  RoomCancelled: 'media.RoomCancelled.v1',
  RecordingConsentGiven: 'media.RecordingConsentGiven.v1',
  ParticipantJoined: 'media.ParticipantJoined.v1',
  ParticipantLeft: 'media.ParticipantLeft.v1',
  CandidateAdmitted: 'media.CandidateAdmitted.v1',
  CandidateDeclined: 'media.CandidateDeclined.v1',
  ParticipantMuted: 'media.ParticipantMuted.v1',
  RecordingStarted: 'media.RecordingStarted.v1',
  RecordingStopped: 'media.RecordingStopped.v1',
  InterviewEnded: 'media.InterviewEnded.v1',
} as const;

/** The candidate may enter the waiting room from this long before the scheduled start. */
export const waitingRoomOpensMinutesBefore = 15;

/** Room size: one candidate and up to four interviewers. */
export const roomLimits = { hosts: 4, candidates: 1 } as const;

/** What the bearer of a room token may do; the server checks each on every action. */
export const roomGrants = z.object({
  publish: z.boolean(),
  subscribe: z.boolean(),
  admit: z.boolean(),
  record: z.boolean(),
  mute: z.boolean(),
  end: z.boolean(),
});
export type RoomGrants = z.infer<typeof roomGrants>;

export const grantsFor = {
  // publish and subscribe take effect only once the candidate is admitted
  candidate: { publish: true, subscribe: true, admit: false, record: false, mute: false, end: false },
  host: { publish: true, subscribe: true, admit: true, record: true, mute: true, end: true },
} as const satisfies Record<z.infer<typeof liveRole>, RoomGrants>;

/** Claims of a room token (JWT, audience `candor-room`, ~60 s, single use). */
export const roomTokenClaims = z.object({
  /** participant id: `candidate` for the candidate, a random id per host connection */
  sub: z.string(),
  room: z.string(),
  org: z.string(),
  role: liveRole,
  /** the link id the token was minted through: refused once the link is revoked or re-issued */
  lid: z.string(),
  name: z.string(),
  grants: roomGrants,
  jti: z.string(),
});
export type RoomTokenClaims = z.infer<typeof roomTokenClaims>;

// ---------------------------------------------------------------------------------------------------
// HTTP: POST /api/media/rooms/join, `Authorization: Bearer <live token>` (from opening a link).

/** The words shown to the candidate before the waiting room when the interview may be recorded. */
export const recordingNotice =
  'This interview may be recorded. The recording is kept by the hiring team and used only to assess your application.';

export const joinRoomRequest = z.strictObject({
  /** hosts say who they are (the host link is shared by every interviewer); ignored for the candidate */
  displayName: z.string().trim().min(1, 'enter your name').max(200).optional(),
  /** the candidate's consent to recording; required when the template says interviews may be recorded */
  recordingConsent: z.boolean().optional(),
});
export type JoinRoomRequest = z.input<typeof joinRoomRequest>;

/**
 * A TURN relay the browser may use (RTCIceServer). The credentials follow the TURN REST API's
 * time-limited scheme: username `<expiry unix seconds>:<room>.<participant>`, credential
 * base64(HMAC-SHA1(the relay's shared secret, username)); they live no longer than a room token, and
 * the relay refuses a new allocation with them once expired (allocations made in time go on).
 */
export const iceServer = z.object({
  urls: z.array(z.string()),
  username: z.string(),
  credential: z.string(),
});
export type IceServer = z.infer<typeof iceServer>;
/** Relays for this participant's next peer connections (empty where the deployment runs no TURN). */
const iceServers = z.array(iceServer).optional();

export const joinRoomResponse = z.object({
  roomId: z.string(),
  participantId: z.string(),
  role: liveRole,
  grants: roomGrants,
  /** send in the `hello` message of the signalling socket; valid about 60 s and once */
  roomToken: z.string(),
  expiresAt: z.string(),
  /** path of the signalling WebSocket on the same origin */
  signalPath: z.string(),
  /** TURN relays for the equipment test's network check (and the first connections) */
  iceServers,
});
export type JoinRoomResponse = z.infer<typeof joinRoomResponse>;

/**
 * The equipment test's network check: can this browser reach the SFU by UDP, by TCP, or only through
 * the TURN relay? The browser offers a probe connection (audio and video, nothing sent); the SFU
 * answers on a throwaway room of its own that closes after `networkCheckLimits.lifetimeMs`. The
 * browser keeps only the candidates of the path it is testing, on both sides, and sees whether ICE
 * connects. The answer carries TURN credentials for the relay probe (none without a relay).
 */
export const networkCheckRequest = z.strictObject({ sdp: z.string().min(1).max(100_000) });
export const networkCheckResponse = z.object({ sdp: z.string(), iceServers: z.array(iceServer) });
export type NetworkCheckResponse = z.infer<typeof networkCheckResponse>;
export const networkCheckLimits = {
  /** how long a probe connection may stay open on the SFU */
  lifetimeMs: 20_000,
  /** probe connections open at once on one media process; more are refused (503, try again) */
  concurrent: 30,
} as const;

/**
 * What a live link's page may show before anyone joins: the room would let this link in now, or not
 * yet (a candidate before the waiting room opens). Refusals (ended, cancelled, withdrawn, declined)
 * are problems, as for a join.
 */
export const roomEntryResponse = z.object({
  availability: z.enum(['open', 'too-early']),
  /** when the waiting room opens for the candidate */
  opensAt: z.string(),
});
export type RoomEntryResponse = z.infer<typeof roomEntryResponse>;

export const roomStatus = z.enum(['scheduled', 'waiting', 'in_progress', 'ended', 'cancelled']);
export type RoomStatus = z.infer<typeof roomStatus>;

/** A room as the recruiter sees it (read model `media_rooms`). */
export const roomView = z.object({
  id: z.string(),
  organisationId: z.string(),
  templateId: z.string(),
  candidateName: z.string(),
  startsAt: z.string(),
  status: roomStatus,
  recording: z.boolean(),
  recordingConsentAt: z.string().nullable(),
  admittedAt: z.string().nullable(),
  /** the host declined the candidate: the candidate link is refused from then on (absent in older documents) */
  declinedAt: z.string().nullable().default(null),
  endedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type RoomView = z.infer<typeof roomView>;
export const roomListResponse = z.object({ rooms: z.array(roomView) });
export const listRoomsQuery = z.strictObject({ templateId: z.uuid({ message: 'templateId must be a UUID' }) });
export const roomIdParams = z.strictObject({ roomId: z.uuid({ message: 'roomId must be a UUID' }) });

// ---------------------------------------------------------------------------------------------------
// Signalling over WebSocket at `signalPath`. Every message is JSON with a `type`. The first client
// message must be `hello` (within 5 s); SDP is exchanged complete (no trickle ICE). Each participant
// has one publishing peer connection (the client offers) and one subscribing peer connection per other
// participant in the room (the server offers).

const sdp = z.string().min(1).max(100_000);
const participantId = z.string().min(1).max(64);

/**
 * The camera as published: the size the equipment test asks for, sent as simulcast layers, lowest
 * first (RFC 8853 rids, in the order the SFU reads them): `l` at half the size, `h` at full. The
 * frontend publishes these and the media service picks one per viewer from a tile's size.
 */
export const cameraSize = { width: 640, height: 360 } as const;
export const videoLayers = [
  { rid: 'l', scaleResolutionDownBy: 2, maxBitrate: 200_000 },
  { rid: 'h', scaleResolutionDownBy: 1, maxBitrate: 900_000 },
] as const;
/** a tile's rendered size in device pixels (CSS pixels × devicePixelRatio); 0 when hidden */
const tileSide = z.number().int().min(0).max(16_384);

export const clientMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('hello'),
    token: z.string().min(1).max(4000),
    /**
     * the `resume` of this browser's last `welcome` in the room, after its network dropped: the
     * connection the server still holds for the same person (same role and link) is replaced at once
     * instead of refusing the new one until the heartbeat notices. The room token and the room's
     * write model decide entry exactly as without it.
     */
    resume: z.string().min(22).max(128).optional(),
  }),
  /** offer of the publishing connection (audio + video, sendonly) */
  z.strictObject({ type: z.literal('publish'), sdp }),
  /** answer to a `subscribe` offer */
  z.strictObject({ type: z.literal('answer'), subscriptionId: z.string().min(1).max(64), sdp }),
  /**
   * how large this page shows a publisher's video now: the room asks the SFU for the smallest
   * simulcast layer that covers it (services/media/src/live/video-layers.ts). Sent when a tile
   * appears or changes size; the latest one counts, also for later subscriptions to that publisher.
   */
  z.strictObject({ type: z.literal('view'), publisherId: participantId, width: tileSide, height: tileSide }),
  z.strictObject({ type: z.literal('admit'), participantId }),
  z.strictObject({ type: z.literal('decline'), participantId }),
  z.strictObject({ type: z.literal('mute'), participantId }),
  /** the participant unmutes themself (hosts cannot unmute others) */
  z.strictObject({ type: z.literal('unmute') }),
  z.strictObject({ type: z.literal('record'), on: z.boolean() }),
  z.strictObject({ type: z.literal('end') }),
]);
export type ClientMessage = z.infer<typeof clientMessage>;

export const roomParticipant = z.object({
  id: z.string(),
  name: z.string(),
  role: liveRole,
  audioMuted: z.boolean(),
});
export type RoomParticipant = z.infer<typeof roomParticipant>;

export const roomSnapshot = z.object({
  /** who is in the room (admitted candidate and hosts) */
  participants: z.array(roomParticipant),
  /** who waits to be admitted: sent to hosts only (empty for the candidate) */
  waiting: z.array(z.object({ id: z.string(), name: z.string(), since: z.string() })),
  recording: z.boolean(),
});
export type RoomSnapshot = z.infer<typeof roomSnapshot>;

export const signalErrorCodes = {
  forbidden: 'forbidden',
  invalid: 'invalid-message',
  notAdmitted: 'not-admitted',
  notFound: 'not-found',
  conflict: 'conflict',
} as const;

export const serverMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    participantId: z.string(),
    role: liveRole,
    grants: roomGrants,
    /** `waiting` for a candidate not yet admitted */
    state: z.enum(['waiting', 'in-room']),
    room: roomSnapshot,
    /** fresh TURN credentials for the publishing connection (see `iceServer`) */
    iceServers,
    /** a secret of this connection (128 random bits) for `hello.resume` after a dropped network */
    resume: z.string().optional(),
  }),
  z.object({ type: z.literal('room'), room: roomSnapshot }),
  z.object({ type: z.literal('admitted'), iceServers }),
  z.object({ type: z.literal('published'), sdp }),
  /** each subscription's connection gets credentials minted now: one minted at the join may have expired */
  z.object({ type: z.literal('subscribe'), subscriptionId: z.string(), publisherId: z.string(), sdp, iceServers }),
  z.object({ type: z.literal('unsubscribed'), subscriptionId: z.string() }),
  z.object({ type: z.literal('muted'), byName: z.string() }),
  z.object({ type: z.literal('declined') }),
  z.object({ type: z.literal('ended') }),
  z.object({
    type: z.literal('error'),
    code: z.string(),
    message: z.string(),
    /** the client message type that was refused */
    refused: z.string().optional(),
  }),
]);
export type ServerMessage = z.infer<typeof serverMessage>;

/** WebSocket close codes the server uses (4000–4999 are the application's). */
export const signalCloseCodes = {
  unauthorized: 4001,
  declined: 4003,
  alreadyConnected: 4009,
  ended: 4010,
  /** the link the participant came through was revoked or re-issued */
  linkWithdrawn: 4011,
  helloTimeout: 4008,
  /** the room already holds `roomLimits.hosts` interviewers */
  roomFull: 4013,
  /** the same person came back on a new connection (`hello.resume`): this one is stale */
  replaced: 4014,
} as const;

// ---------------------------------------------------------------------------------------------------
// The timeline of a live interview (read model `media_timelines`), for the recruiter's Interview
// Analysis page: who took part (names and roles only: no email address is in the room's events) and
// what happened when. GET /api/media/rooms/:roomId/timeline (recruiter, own organisation).

export const timelineEntryKind = z.enum([
  'consent-given',
  'joined',
  'admitted',
  'declined',
  'muted',
  'left',
  'recording-started',
  'recording-stopped',
  'ended',
]);
export type TimelineEntryKind = z.infer<typeof timelineEntryKind>;

export const timelineEntry = z.object({
  at: z.string(),
  kind: timelineEntryKind,
  /** whom it happened to (joined, left, muted, admitted, declined, consent): null for room-wide entries */
  participantName: z.string().nullable(),
  role: liveRole.nullable(),
  /** the host who did it (admitted, declined, muted, recording, ended); null otherwise */
  byName: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;

export const timelineParticipant = z.object({
  name: z.string(),
  role: liveRole,
  firstJoinedAt: z.string(),
  /** null while connected */
  lastLeftAt: z.string().nullable(),
  /** how many times they connected (a reload or a dropped network is a new connection) */
  connections: z.number().int(),
});
export type TimelineParticipant = z.infer<typeof timelineParticipant>;

export const interviewTimeline = z.object({
  roomId: z.string(),
  candidateName: z.string(),
  status: roomStatus,
  /** when the candidate was admitted: the interview proper began */
  startedAt: z.string().nullable(),
  /** when a host ended it, or when the last participant left after it began */
  endedAt: z.string().nullable(),
  /** endedAt − startedAt; null until both are known */
  durationSeconds: z.number().int().nullable(),
  participants: z.array(timelineParticipant),
  /** oldest first */
  timeline: z.array(timelineEntry),
});
export type InterviewTimeline = z.infer<typeof interviewTimeline>;
export const interviewTimelineResponse = z.object({ timeline: interviewTimeline });

/** A live interview that took place (the candidate was admitted), for the Interviews list. */
export const heldInterview = interviewTimeline.pick({
  roomId: true,
  candidateName: true,
  status: true,
  startedAt: true,
  endedAt: true,
  durationSeconds: true,
});
export type HeldInterview = z.infer<typeof heldInterview>;
/** GET /api/media/held-interviews: newest first, at most 100 */
export const heldInterviewsResponse = z.object({ interviews: z.array(heldInterview) });
