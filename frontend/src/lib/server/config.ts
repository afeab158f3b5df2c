// Where the backend services live. Each service has its own base URL in the distributed mode;
// in the embedded mode they all share the one origin given as CANDOR_API_URL.
import {
  CANDOR_API_URL,
  CANDOR_IDENTITY_URL,
  CANDOR_INVITE_URL,
  CANDOR_SESSION_URL,
  CANDOR_NOTIFICATION_URL,
  CANDOR_MEDIA_URL,
  CANDOR_RECORDING_URL,
  CANDOR_SHARING_URL,
  CANDOR_COOKIE_SECURE,
} from '$app/env/private';

const defaultApiUrl = 'http://127.0.0.1:3000';

export const serviceUrls = {
  identity: CANDOR_IDENTITY_URL ?? CANDOR_API_URL ?? defaultApiUrl,
  invite: CANDOR_INVITE_URL ?? CANDOR_API_URL ?? defaultApiUrl,
  session: CANDOR_SESSION_URL ?? CANDOR_API_URL ?? defaultApiUrl,
  notification: CANDOR_NOTIFICATION_URL ?? CANDOR_API_URL ?? defaultApiUrl,
  media: CANDOR_MEDIA_URL ?? CANDOR_API_URL ?? defaultApiUrl,
  recording: CANDOR_RECORDING_URL ?? CANDOR_API_URL ?? defaultApiUrl,
  sharing: CANDOR_SHARING_URL ?? CANDOR_API_URL ?? defaultApiUrl,
} as const;

export type ServiceName = keyof typeof serviceUrls;

export const cookieSecure: boolean = CANDOR_COOKIE_SECURE;
