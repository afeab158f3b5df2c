// Chooses the email adapter from configuration: SMTP when CANDOR_SMTP_URL is set, else the mailbox.
import { createMailboxTransport } from './mailbox';
import { createSmtpTransport } from './smtp';
import type { EmailTransport } from './email-transport';

export * from './email-transport';
export { createMailboxTransport, isMailbox, type MailboxTransport } from './mailbox';
export { createSmtpTransport, type SmtpTransportOptions } from './smtp';

export function createEmailTransport(config: { CANDOR_SMTP_URL?: string; CANDOR_EMAIL_FROM: string }): EmailTransport {
  return config.CANDOR_SMTP_URL
    ? createSmtpTransport({ url: config.CANDOR_SMTP_URL, from: config.CANDOR_EMAIL_FROM })
    : createMailboxTransport({ from: config.CANDOR_EMAIL_FROM });
}
