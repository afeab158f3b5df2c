// Test support: a real SMTP server (smtp-server) on 127.0.0.1 that parses every message it accepts
// (mailparser) and keeps it for the test to read. Plain text only — smtp-server's built-in
// certificate has expired, so STARTTLS is disabled — and AUTH is allowed without TLS, as the test
// sends credentials to check they never leak. It can stop and start again on the same port.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';

export interface CapturedEmail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: ParsedMail['headers'];
  /** the calendar part (`text/calendar; method=…`) and the name of the .ics attachment, when there is one */
  calendar?: { method: string; content: string; contentType: string; filename: string | null };
}

export interface CapturingSmtpServer {
  port: number;
  /** smtp://[user:pass@]127.0.0.1:<port> */
  url(credentials?: { user: string; pass: string }): string;
  messages: CapturedEmail[];
  stop(): Promise<void>;
  /** listens again on the same port */
  start(): Promise<void>;
}

const firstAddress = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field[0] : field)?.value[0]?.address ?? '';

/** mailparser lists the calendar part among the attachments; its method is a Content-Type parameter. */
export function calendarOf(mail: ParsedMail): CapturedEmail['calendar'] {
  const part = mail.attachments.find((attachment) => attachment.contentType === 'text/calendar');
  if (!part) return undefined;
  const header = part.headers.get('content-type') as { value: string; params?: Record<string, string> } | undefined;
  const params = header?.params ?? {};
  const file = mail.attachments.find((attachment) => attachment.filename?.toLowerCase().endsWith('.ics'));
  return {
    method: (params.method ?? '').toUpperCase(),
    content: part.content.toString('utf8'),
    contentType: [header?.value, ...Object.entries(params).map(([key, value]) => `${key}=${value}`)].join('; '),
    filename: file?.filename ?? null,
  };
}

export async function startCapturingSmtpServer(
  options: { auth?: { user: string; pass: string } } = {},
): Promise<CapturingSmtpServer> {
  const messages: CapturedEmail[] = [];
  let server: SMTPServer | undefined;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = new SMTPServer({
        disabledCommands: ['STARTTLS'],
        authOptional: !options.auth,
        allowInsecureAuth: true,
        logger: false,
        onAuth(auth, _session, callback) {
          const ok = options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
          callback(ok ? null : new Error('Invalid username or password'), ok ? { user: auth.username } : undefined);
        },
        onData(stream, _session, callback) {
          simpleParser(stream).then(
            (mail) => {
              messages.push({
                to: firstAddress(mail.to),
                from: firstAddress(mail.from),
                subject: mail.subject ?? '',
                text: mail.text ?? '',
                html: typeof mail.html === 'string' ? mail.html : '',
                headers: mail.headers,
                calendar: calendarOf(mail),
              });
              callback();
            },
            (error: Error) => callback(error),
          );
        },
      });
      next.server.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        port = (next.server.address() as AddressInfo).port;
        server = next;
        resolve();
      });
    });

  await listen();
  return {
    get port() {
      return port;
    },
    url: (credentials) =>
      credentials
        ? `smtp://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@127.0.0.1:${port}`
        : `smtp://127.0.0.1:${port}`,
    messages,
    stop: () =>
      new Promise<void>((resolve) => {
        const current = server;
        server = undefined;
        if (!current) return resolve();
        current.close(() => resolve());
      }),
    start: () => (server ? Promise.resolve() : listen()),
  };
}
