// The port every email adapter implements: SMTP (nodemailer) in production, the local in-memory
// mailbox in the embedded mode when no SMTP server is configured. Both pass test/transport.contract.ts.
import type { EmailTransportKind } from '@candor/contracts';

/**
 * A calendar invitation (.ics) carried by an email: the calendar part of the message
 * (`text/calendar; method=…`, which mail clients turn into an invitation with Accept / Decline) and
 * the same content as an `invite.ics` attachment, as nodemailer's `icalEvent` builds them.
 */
export interface CalendarInvite {
  /** the iTIP method, which must match the METHOD inside `content` */
  method: 'REQUEST' | 'CANCEL';
  /** the whole VCALENDAR */
  content: string;
  /** default `invite.ics` */
  filename?: string;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  calendar?: CalendarInvite;
  /**
   * the left part of the Message-ID (delivery `messageKeyOf`): the transport adds `@` and its sender's
   * domain, so a repeat of the same attempt is recognisably the same message; without it the
   * transport makes a fresh one
   */
  messageKey?: string;
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

export const defaultCalendarFilename = 'invite.ics';

/**
 * nodemailer's `messageId` for an email with a `messageKey`: `<key@domain>`, the domain of the
 * sender's address (`Candor <no-reply@candor.example>` → `candor.example`); none → nodemailer's own.
 */
export function messageIdOf(message: OutgoingEmail, from: string): string | undefined {
  if (!message.messageKey) return undefined;
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'candor.invalid';
  return `<${message.messageKey}@${domain}>`;
}

/** nodemailer's `icalEvent` for a calendar invite: both adapters build the message the same way. */
export function calendarPart(calendar: CalendarInvite | undefined) {
  return calendar
    ? { filename: calendar.filename ?? defaultCalendarFilename, method: calendar.method, content: calendar.content }
    : undefined;
}
