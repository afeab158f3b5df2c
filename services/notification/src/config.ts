// The notification service's own variables, validated once by its composition root.
import { z } from 'zod';
import { linkKeysEnv, recruiterSessionEnv } from '@candor/runtime';

export const notificationEnv = {
  /** checks recruiter sessions on the delivery routes */
  ...recruiterSessionEnv,
  /** smtp://user:pass@host:port (or smtps:// for TLS on 465); unset: the in-memory local mailbox */
  CANDOR_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  CANDOR_EMAIL_FROM: z.string().min(3).default('Candor <no-reply@candor.local>'),
  /** the origin candidates reach Candor at: links in emails are `<CANDOR_PUBLIC_URL>/i/<token>` */
  CANDOR_PUBLIC_URL: z
    .url({ message: 'is required (the origin candidates open links at, e.g. https://candor.example.com)' })
    .transform((url) => url.replace(/\/+$/, '')),
  /** the same keys as the invite service's: the links are derived, never stored */
  ...linkKeysEnv,
} as const;

export type NotificationConfig = z.output<z.ZodObject<typeof notificationEnv>>;
