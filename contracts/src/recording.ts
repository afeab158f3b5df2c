// The recording service: recordings of live rooms. An interview's recording history is one stream
// (`recordings-<roomId>`): the candidate's consent as the room reported it, who is present, and its
// segments — each start→stop of recording is one segment, the unit the recruiter plays, and deletes.
// An organisation's retention period is a stream of its own (`recording-retention-<organisationId>`).
import { z } from 'zod';
import { liveRole } from './live';

const participant = z.object({ participantId: z.string(), name: z.string(), role: liveRole });
export type RecordingParticipant = z.infer<typeof participant>;

/** The candidate's consent as the media room recorded it, kept with every segment it covers. */
export const recordingConsent = z.object({
  /** the candidate link the consent was given through */
  linkId: z.string(),
  /** the exact words the candidate agreed to */
  notice: z.string(),
  at: z.string(),
});
export type RecordingConsent = z.infer<typeof recordingConsent>;

/** One participant's stretch of a segment as captured and stored (kept without re-encoding). */
const trackFile = z.object({ participantId: z.string(), key: z.string(), contentType: z.string() });

const ofRoom = { roomId: z.string(), organisationId: z.string() };
/** `mediaEventId`: the media event this was recorded from, so a redelivered event changes nothing */
const fromMedia = { mediaEventId: z.string() };

export const recordingEventSchemas = {
  /** the room's consent notice as the candidate agreed to it (media.RecordingConsentGiven) */
  RecordingConsentNoted: z.object({ ...ofRoom, ...fromMedia, consent: recordingConsent }),
  /** someone connected to the room (a candidate may still be waiting to be admitted) */
  RecordingParticipantJoined: z.object({ ...ofRoom, ...fromMedia, participant, at: z.string() }),
  /** the candidate was let in: from now on (and on every rejoin) their media is in the room */
  RecordingCandidateAdmitted: z.object({ ...ofRoom, ...fromMedia, at: z.string() }),
  RecordingParticipantLeft: z.object({ ...ofRoom, ...fromMedia, participantId: z.string(), at: z.string() }),
  RecordingSegmentStarted: z.object({
    ...ofRoom,
    ...fromMedia,
    segmentId: z.string(),
    /** 1 for the interview's first segment */
    index: z.number().int().positive(),
    startedBy: z.string(),
    startedByName: z.string(),
    participants: z.array(participant),
    consent: recordingConsent.nullable(),
    at: z.string(),
  }),
  /** a participant entered while the segment was recording */
  RecordingSegmentParticipantAdded: z.object({
    ...ofRoom,
    ...fromMedia,
    segmentId: z.string(),
    participant,
    at: z.string(),
  }),
  RecordingSegmentClosed: z.object({
    ...ofRoom,
    segmentId: z.string(),
    /** the media event that closed it (stopped, ended, the room's last participant left), if any */
    mediaEventId: z.string().nullable(),
    durationMs: z.number().int().nonnegative(),
    /** the recorder stopped before the host did (crash, lost feed): what was captured is kept */
    interrupted: z.boolean(),
    at: z.string(),
  }),
  /** the composite is stored and plays */
  RecordingReady: z.object({
    ...ofRoom,
    segmentId: z.string(),
    key: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int().nonnegative(),
    durationMs: z.number().int().nonnegative(),
    tracks: z.array(trackFile),
    at: z.string(),
  }),
  RecordingFailed: z.object({ ...ofRoom, segmentId: z.string(), reason: z.string(), at: z.string() }),
  /** the segment's files were removed from storage (by a recruiter, or past retention) */
  RecordingDeleted: z.object({
    ...ofRoom,
    segmentId: z.string(),
    /** a recruiter id, or 'retention' */
    by: z.string(),
    reason: z.enum(['recruiter', 'retention']),
    at: z.string(),
  }),
} as const;

export const recordingEventNames = {
  RecordingConsentNoted: 'recording.RecordingConsentNoted.v1',
  RecordingParticipantJoined: 'recording.RecordingParticipantJoined.v1',
  RecordingCandidateAdmitted: 'recording.RecordingCandidateAdmitted.v1',
  RecordingParticipantLeft: 'recording.RecordingParticipantLeft.v1',
  RecordingSegmentStarted: 'recording.RecordingSegmentStarted.v1',
  RecordingSegmentParticipantAdded: 'recording.RecordingSegmentParticipantAdded.v1',
  RecordingSegmentClosed: 'recording.RecordingSegmentClosed.v1',
  RecordingReady: 'recording.RecordingReady.v1',
  RecordingFailed: 'recording.RecordingFailed.v1',
  RecordingDeleted: 'recording.RecordingDeleted.v1',
} as const;

export const retentionEventSchemas = {
  RetentionSet: z.object({ organisationId: z.string(), days: z.number().int(), by: z.string(), at: z.string() }),
} as const;
export const retentionEventNames = { RetentionSet: 'recording.RetentionSet.v1' } as const;

/** Days an organisation keeps recordings when it never chose. */
export const defaultRetentionDays = 180;
export const retentionLimits = { minDays: 1, maxDays: 3650 } as const;

/** Playback URLs live at most this long; the player asks for a new one when it expires. */
export const playbackTokenMaxSeconds = 300;

// ---------------------------------------------------------------------------------------------------
// HTTP, mounted at /api/recording.

export const recordingStatus = z.enum(['recording', 'processing', 'ready', 'failed', 'deleted']);
export type RecordingStatus = z.infer<typeof recordingStatus>;

/** One segment as the recruiter's playlist shows it. */
export const recordingView = z.object({
  id: z.string(),
  roomId: z.string(),
  index: z.number().int(),
  status: recordingStatus,
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  interrupted: z.boolean(),
  startedByName: z.string(),
  participants: z.array(participant),
  consent: recordingConsent.nullable(),
  sizeBytes: z.number().int().nullable(),
  contentType: z.string().nullable(),
  failure: z.string().nullable(),
  deletedAt: z.string().nullable(),
  /** when the service will delete it (end + the organisation's retention); null while recording or once deleted */
  deleteAfter: z.string().nullable(),
});
export type RecordingView = z.infer<typeof recordingView>;
export const recordingListResponse = z.object({ recordings: z.array(recordingView), retentionDays: z.number().int() });
export type RecordingListResponse = z.infer<typeof recordingListResponse>;

const uuid = (name: string) => z.uuid({ message: `${name} must be a UUID` });
export const interviewRecordingsParams = z.strictObject({ roomId: uuid('roomId') });
export const recordingIdParams = z.strictObject({ recordingId: uuid('recordingId') });

export const playbackUrlResponse = z.object({ url: z.string(), expiresAt: z.string() });
export type PlaybackUrlResponse = z.infer<typeof playbackUrlResponse>;
export const playbackQuery = z.strictObject({ token: z.string().min(1).max(400) });

/** A share viewer asks for playback URLs with the link's token and its viewing pass (the cookie). */
export const sharePlaybackRequest = z.strictObject({
  token: z.string().min(1).max(200),
  pass: z.string().min(1).max(200),
});
export type SharePlaybackRequest = z.infer<typeof sharePlaybackRequest>;
/** One URL per recording the link shows that plays now; nothing else (no names, no sizes). */
export const sharePlaybackResponse = z.object({
  recordings: z.array(z.object({ id: z.string(), url: z.string(), expiresAt: z.string() })),
});
export type SharePlaybackResponse = z.infer<typeof sharePlaybackResponse>;

export const retentionView = z.object({ days: z.number().int(), isDefault: z.boolean() });
export type RetentionView = z.infer<typeof retentionView>;
export const setRetentionRequest = z.strictObject({
  days: z
    .number({ message: 'days must be a whole number' })
    .int('days must be a whole number')
    .min(retentionLimits.minDays, `keep recordings at least ${retentionLimits.minDays} day`)
    .max(retentionLimits.maxDays, `keep recordings at most ${retentionLimits.maxDays} days`),
});
export type SetRetentionRequest = z.infer<typeof setRetentionRequest>;
