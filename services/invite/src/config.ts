// The invite service's own variables, validated once by its composition root (its main, or the
// embedded mode, which fills them from its own configuration).
import { z } from 'zod';
import { linkKeysEnv, recruiterSessionEnv, signingKeysEnv } from '@candor/runtime';

export const inviteEnv = {
  /** its own private keys: signs live tokens; the media service verifies them with the public halves */
  ...signingKeysEnv,
  /** checks recruiter sessions (signed by identity) */
  ...recruiterSessionEnv,
  /** the keys link tokens are derived under (shared with the notification service) */
  ...linkKeysEnv,
} as const;

export type InviteConfig = z.output<z.ZodObject<typeof inviteEnv>>;
