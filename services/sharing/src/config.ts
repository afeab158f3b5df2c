// The sharing service's own variables, validated once by its composition root (its main, or the
// embedded mode, which fills them from its own configuration).
import { z } from 'zod';
import { linkKeysEnv, recordingTokenEnv, recruiterSessionEnv } from '@candor/runtime';

export const sharingEnv = {
  /** checks recruiter sessions (signed by identity: its public keys and its deny list) */
  ...recruiterSessionEnv,
  /** the keys share tokens and viewing passes are derived under (purposes of their own) */
  ...linkKeysEnv,
  /**
   * the recording service's public keys (CANDOR_RECORDING_JWKS, or its document under
   * CANDOR_RECORDING_URL): it asks this service before a share viewer plays; with neither, share
   * viewers get no playback
   */
  ...recordingTokenEnv,
} as const;

export type SharingConfig = z.output<z.ZodObject<typeof sharingEnv>>;
