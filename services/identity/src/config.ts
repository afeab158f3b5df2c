// The identity service's own variables, validated once by its composition root (its main, or the
// embedded mode, which fills them from its own configuration).
import { z } from 'zod';
import { signingKeysEnv } from '@candor/runtime';

export const identityEnv = {
  /** its own private keys: it alone signs recruiter sessions; the others verify with the public halves */
  ...signingKeysEnv,
} as const;

export type IdentityConfig = z.output<z.ZodObject<typeof identityEnv>>;
