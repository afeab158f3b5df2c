// Client of the recording service: the recordings (segments) of one live interview, a short-lived
// signed playback URL for one of them, deleting one, and the organisation's retention period. The playback URL is a capability: it is
// handed to the page's <video> and never stored or logged here.
import {
  apiPaths,
  playbackUrlResponse,
  recordingListResponse,
  retentionView,
  type PlaybackUrlResponse,
  type RecordingListResponse,
  type RetentionView,
} from '@candor/contracts';
import { ApiError, callService } from './http';

/** Nothing to parse: a DELETE answers 204 (or a command result we do not need). */
const anything = { parse: (value: unknown) => value };

export type RecordingsAnswer =
  | { available: true; list: RecordingListResponse }
  /** the recording service could not be asked (down, not deployed): the page says so, and shows no list */
  | { available: false };

/** The segments of a live interview. An interview never recorded answers an empty list. */
export async function listRecordings(token: string, roomId: string): Promise<RecordingsAnswer> {
  try {
    const list = await callService('recording', recordingListResponse, {
      path: apiPaths.recording.interviewRecordings(roomId),
      token,
      timeoutMs: 5_000,
    });
    return { available: true, list };
  } catch (cause) {
    if (!(cause instanceof ApiError) || cause.status === 401) throw cause;
    // A 404 of the route itself ("No route for …": a deployment without the recording service's
    // routes) is "not available"; any other 404 is the service knowing nothing of this interview,
    // which means it was never recorded.
    const noRoute = cause.status === 404 && (cause.detail ?? '').startsWith('No route for');
    if (cause.status === 404 && !noRoute) return { available: true, list: { recordings: [], retentionDays: 0 } };
    return { available: false };
  }
}

export function playbackUrl(token: string, recordingId: string): Promise<PlaybackUrlResponse> {
  return callService('recording', playbackUrlResponse, {
    method: 'POST',
    path: apiPaths.recording.playbackUrl(recordingId),
    token,
  });
}

export async function deleteRecording(token: string, recordingId: string): Promise<void> {
  await callService('recording', anything, {
    method: 'DELETE',
    path: apiPaths.recording.recording(recordingId),
    token,
  });
}

/** How long the organisation keeps recordings; null when the recording service cannot be asked. */
export async function getRetention(token: string): Promise<RetentionView | null> {
  try {
    return await callService('recording', retentionView, { path: apiPaths.recording.retention, token, timeoutMs: 5_000 });
  } catch (cause) {
    if (!(cause instanceof ApiError) || cause.status === 401) throw cause;
    return null;
  }
}

export function setRetention(token: string, days: number): Promise<RetentionView> {
  return callService('recording', retentionView, {
    method: 'PUT',
    path: apiPaths.recording.retention,
    token,
    body: { days },
  });
}
