import { startCapturingSmtpServer, type CapturingSmtpServer } from '../../test/capturing-smtp-server';
import {
  createEmailTransport,
  createMailboxTransport,
  createSmtpTransport,
  EmailDeliveryError,
  isMailbox,
} from './index';
import { emailTransportContract } from '../../test/transport.contract';

const from = 'Candor <no-reply@candor.test>';

emailTransportContract('SMTP via nodemailer, against a real smtp-server', async () => {
  const server = await startCapturingSmtpServer();
  const transport = createSmtpTransport({ url: server.url(), from });
  return {
    transport,
    received: async () => server.messages,
    async stop() {
      await transport.close();
      await server.stop();
    },
  };
});

emailTransportContract('local mailbox', async () => {
  const transport = createMailboxTransport({ from });
  return {
    transport,
    // the mailbox lists newest first; the contract reads oldest first
    received: async () => transport.list().reverse(),
    stop: () => transport.close(),
  };
});

describe('SMTP transport', () => {
  const credentials = { user: 'candor-mailer', pass: 'pa55:w0rd/with@odd' };
  let server: CapturingSmtpServer;
  beforeAll(async () => {
    server = await startCapturingSmtpServer({ auth: credentials });
  });
  afterAll(() => server.stop());

  const email = {
    to: 'ana@example.com',
    subject: 'Hi',
    text: 'Hello',
    html: '<p>Hello</p>',
    headers: { 'Auto-Submitted': 'auto-generated' },
  };

  it('logs in with the credentials of the URL and sends from the configured address, with extra headers', async () => {
    const transport = createSmtpTransport({ url: server.url(credentials), from });
    await transport.send(email);
    const received = server.messages.at(-1);
    expect(received?.from).toBe('no-reply@candor.test');
    expect(received?.headers.get('auto-submitted')).toBe('auto-generated');
    await transport.close();
  });

  it('puts the Message-ID of a message key on the wire', async () => {
    const transport = createSmtpTransport({ url: server.url(credentials), from });
    await transport.send({ ...email, messageKey: 'f00d.1' });
    expect(server.messages.at(-1)?.headers.get('message-id')).toBe('<f00d.1@candor.test>');
    await transport.close();
  });

  it('fails clearly, without the credentials, when the login is refused', async () => {
    const transport = createSmtpTransport({ url: server.url({ ...credentials, pass: 'wrong-secret-123' }), from });
    const error = await transport.send(email).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmailDeliveryError);
    expect((error as Error).message).toContain(`127.0.0.1:${server.port}`);
    expect((error as Error).message).not.toContain('wrong-secret-123');
    expect((error as Error).message).not.toContain(credentials.user);
  });

  it('fails clearly, without the credentials, when the server is unreachable', async () => {
    const gone = await startCapturingSmtpServer();
    const port = gone.port;
    await gone.stop();
    const transport = createSmtpTransport({ url: gone.url(credentials), from, connectionTimeoutMs: 2_000 });
    const error = await transport.send(email).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmailDeliveryError);
    expect((error as EmailDeliveryError).message).toMatch(
      new RegExp(`^SMTP delivery via 127\\.0\\.0\\.1:${port} failed: .*ECONNREFUSED`),
    );
    expect((error as EmailDeliveryError).code).toBeDefined();
    for (const secret of [credentials.user, credentials.pass, encodeURIComponent(credentials.pass)]) {
      expect((error as Error).message).not.toContain(secret);
    }
  });
});

describe('createEmailTransport', () => {
  it('delivers over SMTP when a URL is configured, and into the mailbox otherwise', async () => {
    const smtp = createEmailTransport({ CANDOR_SMTP_URL: 'smtp://127.0.0.1:2525', CANDOR_EMAIL_FROM: from });
    const mailbox = createEmailTransport({ CANDOR_EMAIL_FROM: from });
    expect(smtp.kind).toBe('smtp');
    expect(isMailbox(smtp)).toBe(false);
    expect(isMailbox(mailbox)).toBe(true);
    await Promise.all([smtp.close(), mailbox.close()]);
  });

  it('files mailbox messages by organisation and keeps only the newest', async () => {
    const mailbox = createMailboxTransport({ from, capacity: 2 });
    for (const [organisationId, subject] of [
      ['org-a', 'one'],
      ['org-b', 'two'],
      ['org-a', 'three'],
    ] as const) {
      await mailbox.send({ to: 'ana@example.com', subject, text: subject, html: subject, organisationId });
    }
    expect(mailbox.list('org-a').map((message) => message.subject)).toEqual(['three']);
    expect(mailbox.list().map((message) => message.subject)).toEqual(['three', 'two']);
    await mailbox.close();
  });
});
