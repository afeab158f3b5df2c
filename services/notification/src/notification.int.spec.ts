// The notification service over real adapters: the event store on PGlite with its outbox relay and
// the deliveries projection on the in-process bus, memory read models, and SMTP (nodemailer) into a
// real capturing smtp-server. The invite service's events are fed to the policy as the bus would.
// Each service here also serves /metrics on a registry of its own, as a service process does, so the
// email outcome counter is read after real sends, a real SMTP failure and a recruiter's retry.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import {
  apiPaths,
  consistencyToken,
  inviteEventNames,
  type DeliveriesResponse,
  type RecordedEvent,
} from '@candor/contracts';
import {
  createHttpApp,
  createInProcessBus,
  createLinkTokens,
  createMemoryDocumentStore,
  createServiceHost,
  createSessionTokens,
  generateSigningKey,
  ownTokenKeys,
  tokenIssuers,
  type SessionTokens,
  finishHttpApp,
  generateLinkKeys,
  parseLinkKeys,
  redactedPaths,
  startHttpServer,
  type DocumentStore,
  type EventStore,
  type ServiceHost,
  type SqlClient,
} from '@candor/runtime';
import { createPgliteClient } from '@candor/runtime/pglite';
import { metricsHook } from '@candor/runtime/distributed';
import { Registry } from 'prom-client';
import { registerDeliveryMetrics } from './delivery-metrics';
import { deliveryStream } from './delivery';
import { createInvitationSender } from './invitation-sender';
import { invitationsPolicy } from './policies/invitations';
import { createNotificationService, notificationProjections, notificationService } from './service';
import {
  startCapturingSmtpServer,
  type CapturedEmail,
  type CapturingSmtpServer,
} from '../test/capturing-smtp-server';
import { createMailboxTransport, createSmtpTransport, type EmailTransport } from './transport';

const publicUrl = 'https://candor.example';
const orgA = randomUUID();
const orgB = randomUUID();
const logLines: string[] = [];
const logger = pino(
  { level: 'debug', redact: { paths: redactedPaths, censor: '[redacted]' } },
  new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
);
const linkTokens = createLinkTokens(parseLinkKeys(generateLinkKeys()));
let sessions: SessionTokens;
const recruiter = async (org: string) =>
  (await sessions.sign({ sub: randomUUID(), org, name: 'Ada', email: 'ada@acme.test', orgName: 'Acme' })).token;

let sql: SqlClient;
let documents: DocumentStore;
let host: ServiceHost;
let smtp: CapturingSmtpServer;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  sessions = createSessionTokens(await ownTokenKeys(tokenIssuers.identity, [await generateSigningKey()]));
  sql = createPgliteClient();
  documents = createMemoryDocumentStore();
  host = createServiceHost({
    ...notificationService,
    sql,
    bus: createInProcessBus(),
    documents,
    projections: notificationProjections,
    logger,
  });
  await host.start();
  smtp = await startCapturingSmtpServer();
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await host?.stop();
  await smtp?.stop();
  await sql?.close();
});

/** The notification service on its own HTTP server, on the shared host, with this transport. */
async function startService(transport: EmailTransport) {
  const registry = new Registry();
  const service = createNotificationService({
    outcomes: registerDeliveryMetrics(metricsHook(registry)),
    store: host.store,
    documents,
    tokens: sessions,
    runners: host.runners,
    transport,
    linkTokens,
    publicUrl,
    logger,
  });
  const app = createHttpApp({ logger });
  app.use(notificationService.mountPath, service.router);
  app.get('/metrics', (_req, res, next) => {
    registry.metrics().then((text) => res.type('text/plain').send(text), next);
  });
  const server = await startHttpServer(finishHttpApp(app, logger), { port: 0, host: '127.0.0.1' });
  cleanups.push(async () => {
    await server.close();
    await transport.close();
  });
  const call = async (method: 'GET' | 'POST', path: string, token: string) => {
    const response = await fetch(server.url + path, { method, headers: { authorization: `Bearer ${token}` } });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  /** the email outcome counter's value on /metrics for one label set (undefined: no such series) */
  const emailOutcomes = async (attempt: 'first' | 'retry', outcome: 'sent' | 'failed') => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const line = text
      .split('\n')
      .find((candidate) => candidate.startsWith(`candor_notification_email_deliveries_total{purpose="candidate-invitation",attempt="${attempt}",outcome="${outcome}"}`));
    return line === undefined ? undefined : Number(line.split(' ').at(-1));
  };
  return { policy: service.policies[0]!, call, emailOutcomes };
}

let position = 0;
function inviteEvent(
  type: 'CandidateInvited' | 'InviteLinkReissued',
  fields: { inviteId: string; organisationId?: string; linkId?: string; candidateName?: string },
): RecordedEvent {
  const at = new Date().toISOString();
  const common = {
    inviteId: fields.inviteId,
    organisationId: fields.organisationId ?? orgA,
    linkId: fields.linkId ?? linkTokens.newLinkId(),
    jobTitle: 'Ingénieur·e backend',
    candidateName: fields.candidateName ?? 'Zoë Ødegaard',
    candidateEmail: 'zoe@example.com',
    expiresAt: null,
  };
  const data =
    type === 'CandidateInvited'
      ? {
          ...common,
          jobId: randomUUID(),
          jobDescription: '',
          questions: [{ id: 'q1', text: 'Why?' }],
          invitedBy: 'rec-1',
          invitedAt: at,
        }
      : { ...common, previousLinkId: 'old-link', by: 'rec-1', at };
  position += 1;
  return {
    eventId: randomUUID(),
    streamId: `invite-${fields.inviteId}`,
    streamVersion: type === 'CandidateInvited' ? 1 : 2,
    position,
    type: inviteEventNames[type],
    data,
    metadata: { occurredAt: at, actorId: 'rec-1', organisationId: common.organisationId },
    recordedAt: at,
  };
}

/** The link in a received email, checked to be the same in both bodies; and its token. */
function linkIn(email: CapturedEmail): { link: string; token: string } {
  const match = /https:\/\/candor\.example\/i\/(\S+)/.exec(email.text);
  if (!match) throw new Error('no candidate link in the email');
  expect(email.html).toContain(`href="${match[0]}"`);
  return { link: match[0], token: match[1]! };
}

async function waitForStream(store: EventStore, streamId: string) {
  const events = await store.readStream(streamId);
  return consistencyToken(streamId, events.at(-1)!.position);
}

describe('notification service, SMTP into a real server', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  const tokensSeen: string[] = [];
  beforeAll(async () => {
    service = await startService(
      createSmtpTransport({ url: smtp.url(), from: 'Candor <no-reply@candor.test>', connectionTimeoutMs: 2_000 }),
    );
  });

  const inviteA = randomUUID();
  const linkA = linkTokens.newLinkId();

  it('emails the candidate a working link to their interview, once', async () => {
    const before = smtp.messages.length;
    expect(await service.emailOutcomes('first', 'sent')).toBe(0);
    const invited = inviteEvent('CandidateInvited', { inviteId: inviteA, linkId: linkA });
    await service.policy.handle(invited);
    expect(smtp.messages.length).toBe(before + 1);
    const email = smtp.messages.at(-1)!;
    expect(email).toMatchObject({ to: 'zoe@example.com', subject: 'Your interview for Ingénieur·e backend' });
    expect(email.text).toMatch(/^Hello Zoë Ødegaard,/);
    const { link, token } = linkIn(email);
    tokensSeen.push(token);
    expect(link).toBe(`${publicUrl}/i/${linkTokens.tokenFor('invite', inviteA, linkA)}`);
    expect(linkTokens.verify(token, 'invite', inviteA, linkA)).toBe(true);

    // a redelivery, or the embedded mode's replay at the next start, sends nothing
    await service.policy.handle(invited);
    await service.policy.handle({ ...invited, eventId: randomUUID() });
    expect(smtp.messages.length).toBe(before + 1);
    // counted once: the redeliveries recorded nothing
    expect(await service.emailOutcomes('first', 'sent')).toBe(1);
    expect(await service.emailOutcomes('first', 'failed')).toBe(0);
    expect((await host.store.readStream(deliveryStream(inviteA, linkA))).map((event) => event.type)).toEqual([
      'notification.EmailRequested.v1',
      'notification.EmailSent.v1',
    ]);

    const waitFor = await waitForStream(host.store, deliveryStream(inviteA, linkA));
    const read = await service.call(
      'GET',
      `${apiPaths.notification.deliveries(inviteA)}?waitFor=${waitFor}`,
      await recruiter(orgA),
    );
    expect(read.status).toBe(200);
    expect(read.body as DeliveriesResponse).toMatchObject({
      caughtUp: true,
      deliveries: [
        {
          inviteId: inviteA,
          linkId: linkA,
          to: 'zoe@example.com',
          status: 'sent',
          transport: 'smtp',
          attempts: 1,
          lastError: null,
        },
      ],
    });
  });

  it("records a failure while the server is down, and the recruiter's retry sends it once it is back", async () => {
    const inviteB = randomUUID();
    const linkB = linkTokens.newLinkId();
    await smtp.stop();
    try {
      await service.policy.handle(inviteEvent('CandidateInvited', { inviteId: inviteB, linkId: linkB }));
    } finally {
      await smtp.start();
    }
    const failedAt = await waitForStream(host.store, deliveryStream(inviteB, linkB));
    const failed = await service.call(
      'GET',
      `${apiPaths.notification.deliveries(inviteB)}?waitFor=${failedAt}`,
      await recruiter(orgA),
    );
    const [delivery] = (failed.body as DeliveriesResponse).deliveries;
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await service.emailOutcomes('first', 'failed')).toBe(1);
    expect(await service.emailOutcomes('retry', 'sent')).toBeUndefined();
    expect(delivery?.lastError).toMatch(/^SMTP delivery via 127\.0\.0\.1:\d+ failed: .*ECONNREFUSED/);

    // replaying the invitation does not retry on its own: that is the recruiter's call
    const before = smtp.messages.length;
    await service.policy.handle(inviteEvent('CandidateInvited', { inviteId: inviteB, linkId: linkB }));
    expect(smtp.messages.length).toBe(before);

    const retry = await service.call('POST', apiPaths.notification.retry(inviteB), await recruiter(orgA));
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ id: delivery?.id, streamId: deliveryStream(inviteB, linkB), status: 'sent' });
    expect(await service.emailOutcomes('retry', 'sent')).toBe(1);
    expect(await service.emailOutcomes('first', 'failed')).toBe(1);
    expect(smtp.messages.length).toBe(before + 1);
    const { token } = linkIn(smtp.messages.at(-1)!);
    tokensSeen.push(token);
    expect(linkTokens.verify(token, 'invite', inviteB, linkB)).toBe(true);

    const after = await service.call(
      'GET',
      `${apiPaths.notification.deliveries(inviteB)}?waitFor=${retry.body.waitFor}`,
      await recruiter(orgA),
    );
    expect((after.body as DeliveriesResponse).deliveries).toMatchObject([
      { status: 'sent', attempts: 2, lastError: null },
    ]);

    // sent is final: a second retry is a conflict, and another organisation sees nothing
    expect((await service.call('POST', apiPaths.notification.retry(inviteB), await recruiter(orgA))).status).toBe(409);
    const foreign = await service.call('POST', apiPaths.notification.retry(inviteB), await recruiter(orgB));
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toContain('application/problem+json');
    const foreignRead = await service.call('GET', apiPaths.notification.deliveries(inviteB), await recruiter(orgB));
    expect(foreignRead.body).toEqual({ deliveries: [], caughtUp: true });
    expect(smtp.messages.length).toBe(before + 1);
  });

  it('emails a re-issued link as a new delivery, listed first', async () => {
    const newLink = linkTokens.newLinkId();
    await service.policy.handle(inviteEvent('InviteLinkReissued', { inviteId: inviteA, linkId: newLink }));
    const email = smtp.messages.at(-1)!;
    expect(email.text).toContain('no longer works');
    const { token } = linkIn(email);
    tokensSeen.push(token);
    expect(linkTokens.verify(token, 'invite', inviteA, newLink)).toBe(true);
    expect(linkTokens.verify(token, 'invite', inviteA, linkA)).toBe(false);

    const waitFor = await waitForStream(host.store, deliveryStream(inviteA, newLink));
    const read = await service.call(
      'GET',
      `${apiPaths.notification.deliveries(inviteA)}?waitFor=${waitFor}`,
      await recruiter(orgA),
    );
    expect((read.body as DeliveriesResponse).deliveries.map((delivery) => delivery.linkId)).toEqual([newLink, linkA]);
  });

  it('answers 404 to a retry of an invite without emails, and 400 to a malformed invite id', async () => {
    expect((await service.call('POST', apiPaths.notification.retry(randomUUID()), await recruiter(orgA))).status).toBe(404);
    expect((await service.call('POST', apiPaths.notification.retry('not-a-uuid'), await recruiter(orgA))).status).toBe(400);
    expect((await service.call('GET', apiPaths.notification.settings, 'not-a-session')).status).toBe(401);
  });

  it('says email is configured over SMTP, SMS is not, and that there is no local mailbox', async () => {
    const settings = await service.call('GET', apiPaths.notification.settings, await recruiter(orgA));
    expect(settings.body).toEqual({ email: { configured: true, transport: 'smtp' }, sms: { configured: false } });
    expect((await service.call('GET', apiPaths.notification.mailbox, await recruiter(orgA))).status).toBe(404);
  });

  it('ignores other events and skips malformed ones without throwing', async () => {
    const before = smtp.messages.length;
    await service.policy.handle({
      ...inviteEvent('CandidateInvited', { inviteId: randomUUID() }),
      type: 'invite.JobCreated.v1',
    });
    await service.policy.handle({
      ...inviteEvent('CandidateInvited', { inviteId: randomUUID() }),
      data: { inviteId: 'x' },
    });
    await service.policy.handle(inviteEvent('CandidateInvited', { inviteId: 'not-a-uuid' }));
    expect(smtp.messages.length).toBe(before);
  });

  it('throws when the event store fails, so the bus delivers the event again', async () => {
    const failingStore: EventStore = { ...host.store, append: () => Promise.reject(new Error('database is down')) };
    const transport = createMailboxTransport({ from: 'Candor <no-reply@candor.test>' });
    const policy = invitationsPolicy({
      store: failingStore,
      sender: createInvitationSender({ transport, linkTokens, publicUrl, logger }),
      transport,
      logger,
      now: () => new Date(),
    });
    await expect(policy.handle(inviteEvent('CandidateInvited', { inviteId: randomUUID() }))).rejects.toThrow(
      'database is down',
    );
    tokensSeen.push(...transport.list().map((message) => /\/i\/(\S+)/.exec(message.text)![1]!));
  });

  it('never writes a link token to the logs or the event store', async () => {
    expect(tokensSeen.length).toBeGreaterThanOrEqual(4);
    expect(logLines.length).toBeGreaterThan(0);
    const events = JSON.stringify(await host.store.readAll({ after: 0, limit: 10_000 }));
    for (const token of tokensSeen) {
      expect(logLines.join('\n')).not.toContain(token);
      expect(events).not.toContain(token);
    }
    // no candidate link path either (`/i/<kid>.<invite>.<mac>`); a bare "/i/" can occur by chance in
    // a base64 ETag, so the token's shape is what is looked for
    expect(logLines.join('\n')).not.toMatch(/\/i\/[\w-]+\.[\w-]+\.[\w-]+/);
  });
});

describe('notification service, local mailbox', () => {
  it('keeps the emails in memory and shows each organisation its own', async () => {
    const service = await startService(createMailboxTransport({ from: 'Candor <no-reply@candor.local>' }));
    const inviteId = randomUUID();
    const linkId = linkTokens.newLinkId();
    await service.policy.handle(inviteEvent('CandidateInvited', { inviteId, linkId, candidateName: '' }));
    await service.policy.handle(inviteEvent('CandidateInvited', { inviteId: randomUUID(), organisationId: orgB }));

    const settings = await service.call('GET', apiPaths.notification.settings, await recruiter(orgA));
    expect(settings.body).toEqual({ email: { configured: false, transport: 'mailbox' }, sms: { configured: false } });

    const mailbox = await service.call('GET', apiPaths.notification.mailbox, await recruiter(orgA));
    expect(mailbox.status).toBe(200);
    expect(mailbox.headers.get('cache-control')).toBe('no-store');
    expect(mailbox.body.messages).toHaveLength(1);
    expect(mailbox.body.messages[0]).toMatchObject({
      to: 'zoe@example.com',
      subject: 'Your interview for Ingénieur·e backend',
    });
    expect(mailbox.body.messages[0].text).toMatch(/^Hello,\n/);
    expect(mailbox.body.messages[0].text).toContain(`${publicUrl}/i/`);

    const waitFor = await waitForStream(host.store, deliveryStream(inviteId, linkId));
    const read = await service.call(
      'GET',
      `${apiPaths.notification.deliveries(inviteId)}?waitFor=${waitFor}`,
      await recruiter(orgA),
    );
    expect((read.body as DeliveriesResponse).deliveries).toMatchObject([
      { status: 'sent', transport: 'mailbox', attempts: 1 },
    ]);
    expect((await service.call('GET', apiPaths.notification.mailbox, await recruiter(orgB))).body.messages).toHaveLength(1);
  });
});
