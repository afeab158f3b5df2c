// The local mailbox of the embedded mode: "sends" by keeping the message in memory, where the
// recruiter's mailbox page shows it. Never written to disk — the messages hold working links — so
// they are gone after a restart, and only the newest `capacity` are kept. nodemailer's stream
// transport builds the message as SMTP would, so a bad address fails here as it would there.
import nodemailer from 'nodemailer';
import type { MailboxMessage } from '@candor/contracts';
import {
  calendarPart,
  messageIdOf,
  defaultCalendarFilename,
  EmailDeliveryError,
  type EmailTransport,
  type OutgoingEmail,
} from './email-transport';

export interface MailboxTransport extends EmailTransport {
  kind: 'mailbox';
  /** Messages newest first; only those of one organisation when given. */
  list(organisationId?: string): MailboxMessage[];
}

export function createMailboxTransport(options: {
  from: string;
  capacity?: number;
  now?: () => Date;
}): MailboxTransport {
  const capacity = options.capacity ?? 500;
  const now = options.now ?? (() => new Date());
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });
  let messages: (MailboxMessage & { organisationId?: string })[] = [];
  let closed = false;

  return {
    kind: 'mailbox',
    async send(message: OutgoingEmail) {
      if (closed) throw new EmailDeliveryError('The email transport is closed.');
      let messageId: string;
      try {
        ({ messageId } = await composer.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.headers,
          icalEvent: calendarPart(message.calendar),
          messageId: messageIdOf(message, options.from),
        }));
      } catch (error) {
        throw new EmailDeliveryError(`The message could not be built: ${(error as Error).message}`);
      }
      const { to, subject, text, html, organisationId } = message;
      const calendar = message.calendar && {
        method: message.calendar.method,
        filename: message.calendar.filename ?? defaultCalendarFilename,
        content: message.calendar.content,
      };
      messages = [
        {
          id: messageId,
          to,
          subject,
          text,
          html,
          at: now().toISOString(),
          organisationId,
          ...(calendar && { calendar }),
        },
        ...messages,
      ].slice(0, capacity);
      return { messageId };
    },
    list(organisationId) {
      return messages
        .filter((message) => organisationId === undefined || message.organisationId === organisationId)
        .map(({ organisationId: _organisation, ...message }) => ({ ...message }));
    },
    async close() {
      closed = true;
      messages = [];
    },
  };
}

export function isMailbox(transport: EmailTransport): transport is MailboxTransport {
  return transport.kind === 'mailbox' && typeof (transport as Partial<MailboxTransport>).list === 'function';
}
