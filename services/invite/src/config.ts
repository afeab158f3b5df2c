// The invite service's own variables, validated once by its composition root (its main, or the
// embedded mode, which fills them from its own configuration).
import { z } from 'zod';
import { commonEnv, linkKeysEnv } from '@candor/runtime';

export const inviteEnv = {
  /** signs live tokens (own audiences); the session and media services verify them */
  CANDOR_JWT_SECRET: commonEnv.CANDOR_JWT_SECRET,
  /** the keys link tokens are derived under (shared with the notification service) */
  ...linkKeysEnv,
} as const;

export type InviteConfig = z.output<z.ZodObject<typeof inviteEnv>>;
