// The port every email adapter implements: SMTP (nodemailer) in production, the local in-memory
// mailbox in the embedded mode when no SMTP server is configured. Both pass transport.contract.ts.
import type { EmailTransportKind } from '@candor/contracts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  /** whose email this is: the mailbox files it by organisation; SMTP never puts it on the wire */
  organisationId?: string;
}

export interface EmailTransport {
  kind: EmailTransportKind;
  /** Resolves once the transport accepted the message; rejects with an EmailDeliveryError. */
  send(message: OutgoingEmail): Promise<{ messageId: string }>;
  /** Idempotent; a send after close rejects. */
  close(): Promise<void>;
}

/** A send that did not go through. The message is safe to store and show: it never holds credentials. */
export class EmailDeliveryError extends Error {
  constructor(
    message: string,
    /** the transport's error code when it gave one (ECONNREFUSED, EAUTH, …) */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'EmailDeliveryError';
  }
}
