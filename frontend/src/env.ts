// The server's configuration, validated when the app starts (SvelteKit reads it from process.env
// once, when build/handler.js or build/index.js is first imported). All of it is private.
import { defineEnvVars } from '@sveltejs/kit/env';

function optionalUrl(name: string) {
  return (value: string | undefined): string | undefined => {
    if (value === undefined || value.trim() === '') return undefined;
    try {
      return new URL(value).href.replace(/\/+$/, '');
    } catch {
      throw new Error(`${name} must be an absolute URL, got ${JSON.stringify(value)}`);
    }
  };
}

export const variables = defineEnvVars({
  CANDOR_API_URL: {
    description: "Base URL of every backend API (the embedded server's own origin); default http://127.0.0.1:3000",
    schema: optionalUrl('CANDOR_API_URL'),
  },
  CANDOR_IDENTITY_URL: {
    description: 'Base URL of the identity service; defaults to CANDOR_API_URL',
    schema: optionalUrl('CANDOR_IDENTITY_URL'),
  },
  CANDOR_INVITE_URL: {
    description: 'Base URL of the invite service; defaults to CANDOR_API_URL',
    schema: optionalUrl('CANDOR_INVITE_URL'),
  },
  CANDOR_SESSION_URL: {
    description: 'Base URL of the session service (interview sessions, answers, analysis); defaults to CANDOR_API_URL',
    schema: optionalUrl('CANDOR_SESSION_URL'),
  },
  CANDOR_NOTIFICATION_URL: {
    description: 'Base URL of the notification service (email delivery, local mailbox); defaults to CANDOR_API_URL',
    schema: optionalUrl('CANDOR_NOTIFICATION_URL'),
  },
  CANDOR_MEDIA_URL: {
    description: 'Base URL of the media service (live interview rooms); defaults to CANDOR_API_URL',
    schema: optionalUrl('CANDOR_MEDIA_URL'),
  },
  CANDOR_RECORDING_URL: {
    description: 'Base URL of the recording service (recordings and their playback); defaults to CANDOR_API_URL',
    schema: optionalUrl('CANDOR_RECORDING_URL'),
  },
  CANDOR_SHARING_URL: {
    description: 'Base URL of the sharing service (share links and their viewer); defaults to CANDOR_API_URL',
    schema: optionalUrl('CANDOR_SHARING_URL'),
  },
  CANDOR_COOKIE_SECURE: {
    description: 'Set to "false" to send the session cookie over plain http (local use only)',
    schema: (value: string | undefined): boolean => {
      if (value === undefined || value === '' || value === 'true') return true;
      if (value === 'false') return false;
      throw new Error(`CANDOR_COOKIE_SECURE must be "true" or "false", got ${JSON.stringify(value)}`);
    },
  },
});
