// The session service's own variables, validated once by its composition root (its main, or the
// embedded mode, which fills them from its own configuration).
import { z } from 'zod';
import { linkKeysEnv, recruiterSessionEnv } from '@candor/runtime';
import { analyserEnv } from './analysis/choose';

export const sessionEnv = {
  /** checks recruiter sessions (signed by identity) */
  ...recruiterSessionEnv,
  /** opens the candidates' invite links (the keys the invite service derives them under) */
  ...linkKeysEnv,
  /** optional: an OpenAI-compatible API for the interview analysis; otherwise the built-in analyser */
  ...analyserEnv,
} as const;

export type SessionConfig = z.output<z.ZodObject<typeof sessionEnv>>;
