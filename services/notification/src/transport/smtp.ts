// SMTP delivery through nodemailer, configured by one URL (smtp://user:pass@host:port, or smtps://
// for implicit TLS on 465; nodemailer's query options such as ?ignoreTLS=true pass through). A new
// connection per message: invitations are few, and no idle connection can go stale. Timeouts are
// short enough that a dead server turns into a recorded failure within seconds, not minutes.
import nodemailer from 'nodemailer';
import { calendarPart, EmailDeliveryError, messageIdOf, type EmailTransport, type OutgoingEmail } from './email-transport';

export interface SmtpTransportOptions {
  url: string;
  from: string;
  /** ms to open the connection, and to wait for the greeting (default 10 s each) */
  connectionTimeoutMs?: number;
  /** ms of silence on an open connection before giving up (default 30 s) */
  socketTimeoutMs?: number;
}

/** Host and port for messages, and the credentials no message may contain. */
function describeUrl(url: string): { where: string; secrets: string[] } {
  try {
    const parsed = new URL(url);
    const secrets = [parsed.username, parsed.password]
      .flatMap((value) => [value, safeDecode(value)])
      .filter((value) => value.length >= 3);
    const port = parsed.port || (parsed.protocol === 'smtps:' ? '465' : '587');
    return { where: `${parsed.hostname}:${port}`, secrets: [...new Set(secrets)] };
  } catch {
    return { where: 'the SMTP server', secrets: [] };
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function createSmtpTransport(options: SmtpTransportOptions): EmailTransport {
  if (!/^smtps?:\/\//.test(options.url)) throw new Error('CANDOR_SMTP_URL must be an smtp:// or smtps:// URL');
  const { where, secrets } = describeUrl(options.url);
  const timeout = options.connectionTimeoutMs ?? 10_000;
  const transporter = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    dnsTimeout: timeout,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
    // nodemailer logs nothing unless asked; say so, since its debug output would hold the AUTH exchange
    logger: false,
    debug: false,
  });
  let closed = false;

  const scrub = (text: string) => secrets.reduce((clean, secret) => clean.split(secret).join('[redacted]'), text);

  return {
    kind: 'smtp',
    async send(message: OutgoingEmail) {
      if (closed) throw new EmailDeliveryError('The email transport is closed.');
      try {
        const info = await transporter.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.headers,
          icalEvent: calendarPart(message.calendar),
          messageId: messageIdOf(message, options.from),
        });
        return { messageId: info.messageId };
      } catch (error) {
        const { message: reason, code } = error as { message?: string; code?: string };
        throw new EmailDeliveryError(scrub(`SMTP delivery via ${where} failed: ${reason ?? 'unknown error'}`), code);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      transporter.close();
    },
  };
}
