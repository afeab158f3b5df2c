// Configuration of the embedded (one-process) mode. Everything has a default, so a fresh machine
// runs `npm start` with no variables at all.
import { z } from 'zod';
import { commonEnv } from '@candor/runtime';

export const embeddedEnv = z.object({
  PORT: commonEnv.PORT,
  HOST: commonEnv.HOST,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  /** where the embedded Postgres (PGlite) keeps its files and the session secret lives */
  CANDOR_DATA_DIR: z.string().min(1).default('data'),
  /** optional: keep read models in MongoDB (or a Mongo-wire server) instead of memory */
  MONGO_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL')
    .optional(),
  MONGO_DATABASE: z.string().default('candor'),
  /** optional: otherwise a random secret is generated once and kept in the data folder */
  CANDOR_JWT_SECRET: commonEnv.CANDOR_JWT_SECRET.optional(),
  /** create the demo organisation and recruiter on first start (default on) */
  CANDOR_DEMO: z.enum(['on', 'off']).default('on'),
});
export type EmbeddedConfig = z.output<typeof embeddedEnv>;

export const demoLogin = {
  email: 'demo@candor.local',
  password: 'candor-demo-login',
  name: 'Demo Recruiter',
  organisationName: 'Demo Organisation',
} as const;
