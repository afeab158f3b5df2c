// The identity service's own variables, validated once by its composition root (its main, or the
// embedded mode, which fills them from its own configuration).
import { z } from 'zod';
import { commonEnv } from '@candor/runtime';

export const identityEnv = {
  /** signs the recruiters' session tokens (every service verifies them with the same secret) */
  CANDOR_JWT_SECRET: commonEnv.CANDOR_JWT_SECRET,
} as const;

export type IdentityConfig = z.output<z.ZodObject<typeof identityEnv>>;
