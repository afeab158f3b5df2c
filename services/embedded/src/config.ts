// Configuration of the embedded (one-process) mode. Everything has a default, so a fresh machine
// runs `npm start` with no variables at all.
import { z } from 'zod';
import { busEnv, commonEnv, linkKeysEnv } from '@candor/runtime';
import { analyserEnv } from '@candor/session';
import { checkMediaConfig, mediaEnv } from '@candor/media';
import { checkRecordingConfig, recordingEnv } from '@candor/recording';

// Parsed once at start; the services' configurations are filled from it (server.ts), so every
// variable a service reads is checked here, with its name in the message.
export const embeddedEnv = z
  .object({
    PORT: commonEnv.PORT,
    HOST: commonEnv.HOST,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
    /** where the embedded Postgres (PGlite) keeps its files (no key is kept here) */
    CANDOR_DATA_DIR: z.string().min(1).default('data'),
    /**
     * where the signing keys and link keys are generated once and kept (owner-only); default the data
     * folder's sibling `<data>-secrets`. Never inside the data folder: a copy of it must open nothing.
     */
    CANDOR_SECRETS_DIR: z.string().min(1).optional(),
    /** optional: keep read models in MongoDB (or a Mongo-wire server) instead of memory */
    MONGO_URL: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL')
      .optional(),
    MONGO_DATABASE: z.string().default('candor'),
    /** deliveries of an event a policy or projection keeps failing on before it is parked (`npm run dlq`) */
    ...busEnv,
    /** create the demo organisation and recruiter on first start (default on) */
    CANDOR_DEMO: z.enum(['on', 'off']).default('on'),
    /** optional: keys of link tokens (`<kid>:<base64>`, newest first); otherwise generated once into the secrets folder */
    CANDOR_LINK_KEYS: linkKeysEnv.CANDOR_LINK_KEYS.optional(),
    /** optional: the origin candidates reach Candor at, for links in emails; default the server's own URL */
    CANDOR_PUBLIC_URL: z.url({ message: 'must be an absolute URL' }).optional(),
    /** optional: deliver email over SMTP (smtp://user:pass@host:port); otherwise into the local mailbox page */
    CANDOR_SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
    CANDOR_EMAIL_FROM: z.string().default('Candor <no-reply@candor.local>'),
    /** send the session cookie only over https (default false: `npm start` serves plain http) */
    CANDOR_COOKIE_SECURE: z
      .enum(['true', 'false'], { message: 'must be "true" or "false"' })
      .default('false')
      .transform((value) => value === 'true'),
    /** optional: an OpenAI-compatible API for the interview analysis; otherwise the built-in analyser */
    ...analyserEnv,
    /** the SFU engine and where its media sockets listen (see services/media/README.md) */
    ...mediaEnv,
    /** recordings (see services/recording/README.md): filesystem storage under the data folder by default */
    ...recordingEnv,
    /** optional: the local folder for captures, the spool (and the store); default `<data>/recordings` */
    CANDOR_RECORDING_DIR: recordingEnv.CANDOR_RECORDING_DIR.optional(),
    /** optional: playback URL signing keys; otherwise generated once */
    CANDOR_PLAYBACK_KEYS: recordingEnv.CANDOR_PLAYBACK_KEYS.optional(),
  })
  .superRefine((config, ctx) => {
    checkMediaConfig(config, ctx);
    checkRecordingConfig(config, ctx);
  });
export type EmbeddedConfig = z.output<typeof embeddedEnv>;

export const demoLogin = {
  email: 'demo@candor.local',
  password: 'candor-demo-login',
  name: 'Demo Recruiter',
  organisationName: 'Demo Organisation',
} as const;
