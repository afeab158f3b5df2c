// How the recording service gets a participant's media from the media service: plain RTP over UDP,
// one port per kind, with payload types and codecs fixed here so the recorder can write the SDP its
// ffmpeg reads before the first packet arrives (as LiveKit Egress and mediasoup's recording examples
// do). Both SFU engines send exactly these; the recorder describes exactly these.
//
// The recording service asks over the media service's internal HTTP API, authenticated as a service
// (a bearer token with audience `candor-service`, see services/runtime/src/auth/service-tokens.ts):
//   GET    /api/media/internal/rooms/:roomId/publishers                 → { publishers: [...] }
//   POST   /api/media/internal/rooms/:roomId/recorder-feeds             { participantId, ip, videoPort, audioPort } → { feedId }
//   DELETE /api/media/internal/rooms/:roomId/recorder-feeds/:feedId     → 204
// A feed is refused (409 `recording-off`) unless the room's recording is on; it ends when the
// recording stops, the participant leaves, the room closes, or on DELETE.
import { z } from 'zod';
import { liveRole } from './live';

/** The RTP the engines send to a recorder: RTCP is not sent (the recorder needs none). */
export const recorderRtp = {
  video: { payloadType: 96, encodingName: 'VP8', clockRate: 90_000 },
  audio: { payloadType: 111, encodingName: 'opus', clockRate: 48_000, channels: 2 },
} as const;

export const recorderFeedPaths = {
  publishers: (roomId: string) => `/api/media/internal/rooms/${encodeURIComponent(roomId)}/publishers`,
  feeds: (roomId: string) => `/api/media/internal/rooms/${encodeURIComponent(roomId)}/recorder-feeds`,
  feed: (roomId: string, feedId: string) =>
    `/api/media/internal/rooms/${encodeURIComponent(roomId)}/recorder-feeds/${encodeURIComponent(feedId)}`,
} as const;

const port = z.number().int().min(1).max(65_535);

export const recorderFeedRequest = z.strictObject({
  participantId: z.string().min(1).max(200),
  /** where the recorder listens: an IPv4 or IPv6 address (never a name: nothing is resolved) */
  ip: z.union([z.ipv4(), z.ipv6()]),
  videoPort: port,
  audioPort: port,
});
export type RecorderFeedRequest = z.infer<typeof recorderFeedRequest>;

export const recorderFeedResponse = z.object({ feedId: z.string() });
export type RecorderFeedResponse = z.infer<typeof recorderFeedResponse>;

export const recorderFeedParams = z.strictObject({
  roomId: z.uuid({ message: 'roomId must be a UUID' }),
  feedId: z.uuid({ message: 'feedId must be a UUID' }),
});

export const roomPublishersResponse = z.object({
  /** participants in the room with a live publishing connection now */
  publishers: z.array(z.object({ participantId: z.string(), name: z.string(), role: liveRole })),
});
export type RoomPublishersResponse = z.infer<typeof roomPublishersResponse>;

/** Problem type of a feed asked for while the room is not recording. */
export const recordingOffProblemType = 'recording-off';
