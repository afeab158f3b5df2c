// The session service's own variables, validated once by its composition root (its main, or the
// embedded mode, which fills them from its own configuration).
import { z } from 'zod';
import { commonEnv, linkKeysEnv } from '@candor/runtime';
import { analyserEnv } from './analysis/choose';

export const sessionEnv = {
  /** verifies recruiter sessions (signed by identity) */
  CANDOR_JWT_SECRET: commonEnv.CANDOR_JWT_SECRET,
  /** opens the candidates' invite links (the keys the invite service derives them under) */
  ...linkKeysEnv,
  /** optional: an OpenAI-compatible API for the interview analysis; otherwise the built-in analyser */
  ...analyserEnv,
} as const;

export type SessionConfig = z.output<z.ZodObject<typeof sessionEnv>>;
