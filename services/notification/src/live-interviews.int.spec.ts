// The live interview emails over real adapters: the event store on PGlite with its outbox relay and
// the deliveries projection on the in-process bus, memory read models, and SMTP (nodemailer) into a
// real capturing smtp-server, each message parsed with mailparser and its .ics with node-ical. The
// invite service's live interview events are fed to the policy as the bus would.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import ical, { type VEvent } from 'node-ical';
import pino from 'pino';
import {
  apiPaths,
  consistencyToken,
  liveLinkPurposes,
  notificationEventNames,
  notificationEventSchemas,
  type DeliveriesResponse,
  type LiveInterviewDetails,
  type LiveRole,
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
  type Policy,
  type ServiceHost,
  type SqlClient,
} from '@candor/runtime';
import { createPgliteClient } from '@candor/runtime/pglite';
import { liveDeliveryStream } from './delivery';
import { createLiveEmailSender } from './live-email-sender';
import { liveEvent, sampleInterview } from '../test/live-fixtures';
import { liveInterviewsPolicy, liveInterviewsPolicyName } from './policies/live-interviews';
import { createNotificationService, notificationProjections, notificationService } from './service';
import {
  startCapturingSmtpServer,
  type CapturedEmail,
  type CapturingSmtpServer,
} from '../test/capturing-smtp-server';
import { createMailboxTransport, createSmtpTransport, type EmailTransport } from './transport';

const publicUrl = 'https://candor.example';
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
const tokensSeen: string[] = [];

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
  const service = createNotificationService({
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
  const server = await startHttpServer(finishHttpApp(app, logger), { port: 0, host: '127.0.0.1' });
  cleanups.push(async () => {
    await server.close();
    await transport.close();
  });
  const call = async (method: 'GET' | 'POST', path: string, token: string) => {
    const response = await fetch(server.url + path, { method, headers: { authorization: `Bearer ${token}` } });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const policy = service.policies.find((candidate) => candidate.name === liveInterviewsPolicyName);
  if (!policy) throw new Error('the service has no live interviews policy');
  return { policy, call };
}

/** An interview with real link ids, so its tokens verify. */
const newInterview = (overrides: Partial<LiveInterviewDetails> = {}) =>
  sampleInterview({
    organisationId: randomUUID(),
    candidateLinkId: linkTokens.newLinkId(),
    hostLinkId: linkTokens.newLinkId(),
    ...overrides,
  });

/** Every live link in an email's text, by role; the HTML must carry the same ones. */
function linksIn(email: Pick<CapturedEmail, 'text' | 'html'>): { role: LiveRole; token: string }[] {
  const links = [...email.text.matchAll(/https:\/\/candor\.example\/(join|host)\/([A-Za-z0-9._-]+)/g)].map(
    ([link, prefix, token]) => {
      expect(email.html).toContain(`href="${link}"`);
      tokensSeen.push(token!);
      return { role: (prefix === 'join' ? 'candidate' : 'host') as LiveRole, token: token! };
    },
  );
  return links;
}

/** The one VEVENT of an email's calendar part, with the calendar's METHOD and the unfolded text. */
function calendarIn(email: CapturedEmail) {
  expect(email.calendar).toBeDefined();
  const { content, method, contentType, filename } = email.calendar!;
  const events = Object.values(ical.sync.parseICS(content)).filter(
    (component): component is VEvent => component?.type === 'VEVENT',
  );
  expect(events).toHaveLength(1);
  return { event: events[0]!, method, contentType, filename, text: content.replace(/\r\n /g, '') };
}

const mailsTo = (emails: CapturedEmail[]) => Object.fromEntries(emails.map((email) => [email.to, email]));

async function waitForStream(store: EventStore, streamId: string) {
  const events = await store.readStream(streamId);
  return consistencyToken(streamId, events.at(-1)!.position);
}

describe('live interview emails, SMTP into a real server', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  beforeAll(async () => {
    service = await startService(
      createSmtpTransport({ url: smtp.url(), from: 'Candor <no-reply@candor.test>', connectionTimeoutMs: 2_000 }),
    );
  });

  const interview = newInterview({ timeZone: 'Europe/Berlin', startsAt: '2026-12-01T09:00:00.000Z' });
  const { liveInterviewId } = interview;
  let scheduled: RecordedEvent;

  it('emails the candidate the candidate link and each interviewer, once, the host link, each with an .ics', async () => {
    const before = smtp.messages.length;
    scheduled = liveEvent('LiveInterviewScheduled', interview, 1);
    await service.policy.handle(scheduled);
    const sent = smtp.messages.slice(before);
    expect(sent.map((email) => email.to).sort()).toEqual(['ada@acme.test', 'grace@acme.test', 'zoe@example.com']);
    const byRecipient = mailsTo(sent);

    const candidate = byRecipient['zoe@example.com']!;
    expect(candidate.subject).toBe('Invitation: live interview with Acme & Sons, Tue 1 Dec 2026, 10:00 CET');
    expect(candidate.text).toContain('When: Tuesday, 1 December 2026, 10:00 (Europe/Berlin, CET)');
    expect(candidate.headers.get('auto-submitted')).toBe('auto-generated');
    const [candidateLink, ...otherLinks] = linksIn(candidate);
    expect(otherLinks.every((link) => link.token === candidateLink!.token)).toBe(true);
    expect(candidateLink!.role).toBe('candidate');
    expect(
      linkTokens.verify(candidateLink!.token, liveLinkPurposes.candidate, liveInterviewId, interview.candidateLinkId!),
    ).toBe(true);

    for (const to of ['ada@acme.test', 'grace@acme.test']) {
      const email = byRecipient[to]!;
      expect(email.subject).toBe('Interview scheduled: Zoë Ødegaard for Backend engineer, Tue 1 Dec 2026, 10:00 CET');
      expect(email.text).toContain('do not forward it to the candidate');
      const links = linksIn(email);
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) {
        expect(link.role).toBe('host');
        expect(linkTokens.verify(link.token, liveLinkPurposes.host, liveInterviewId, interview.hostLinkId!)).toBe(true);
      }
    }

    // the candidate's mail, .ics included, never holds the host link
    const hostToken = linksIn(byRecipient['grace@acme.test']!)[0]!.token;
    expect(JSON.stringify(candidate)).not.toContain(hostToken);
    expect(JSON.stringify(candidate)).not.toContain('/host/');

    for (const [to, link] of [
      ['zoe@example.com', `${publicUrl}/join/${candidateLink!.token}`],
      ['grace@acme.test', `${publicUrl}/host/${hostToken}`],
    ] as const) {
      const { event, method, contentType, filename, text } = calendarIn(byRecipient[to]!);
      expect(method).toBe('REQUEST');
      expect(contentType).toMatch(/^text\/calendar; .*method=REQUEST/i);
      expect(filename).toBe('invite.ics');
      expect(text).toContain('METHOD:REQUEST');
      expect(text).toContain('DTSTART;TZID=Europe/Berlin:20261201T100000');
      expect(event.start.toISOString()).toBe('2026-12-01T09:00:00.000Z');
      expect(event.uid).toBe(`${liveInterviewId}@candor`);
      expect(Number(event.sequence)).toBe(0);
      expect(event.location).toBe(link);
      expect(text).toMatch(new RegExp(`^ATTENDEE;.*:MAILTO:${to.replace('.', '\\.')}$`, 'm'));
      expect(text).toMatch(/^ORGANIZER;CN="Ada Lovelace":mailto:ada@acme\.test$/m);
    }
  });

  it('sends nothing again on a redelivery or a replay, and records each email on its own stream', async () => {
    const before = smtp.messages.length;
    await service.policy.handle(scheduled);
    await service.policy.handle({ ...scheduled, eventId: randomUUID() });
    expect(smtp.messages.length).toBe(before);

    const streamId = liveDeliveryStream(liveInterviewId, 1, 'candidate', 'zoe@example.com');
    const events = await host.store.readStream(streamId);
    expect(events.map((event) => event.type)).toEqual([
      notificationEventNames.LiveEmailRequested,
      notificationEventNames.EmailSent,
    ]);
    // what is written is what the contract says
    expect(notificationEventSchemas.LiveEmailRequested.parse(events[0]!.data)).toMatchObject({
      inviteId: liveInterviewId,
      purpose: 'live-candidate',
      kind: 'scheduled',
      role: 'candidate',
      to: 'zoe@example.com',
      sourceEventId: scheduled.eventId,
    });
    expect(notificationEventSchemas.EmailSent.parse(events[1]!.data)).toMatchObject({ attempt: 1, transport: 'smtp' });
  });

  it("lists the interview's emails in the deliveries read model, under the live interview id", async () => {
    const waitFor = await waitForStream(host.store, liveDeliveryStream(liveInterviewId, 1, 'host', 'grace@acme.test'));
    const read = await service.call(
      'GET',
      `${apiPaths.notification.deliveries(liveInterviewId)}?waitFor=${waitFor}`,
      await recruiter(interview.organisationId),
    );
    expect(read.status).toBe(200);
    const { deliveries, caughtUp } = read.body as DeliveriesResponse;
    expect(caughtUp).toBe(true);
    expect(deliveries.map((delivery) => [delivery.to, delivery.linkId, delivery.status]).sort()).toEqual([
      ['ada@acme.test', interview.hostLinkId, 'sent'],
      ['grace@acme.test', interview.hostLinkId, 'sent'],
      ['zoe@example.com', interview.candidateLinkId, 'sent'],
    ]);
    // another organisation sees none of them
    const foreign = await service.call(
      'GET',
      apiPaths.notification.deliveries(liveInterviewId),
      await recruiter(randomUUID()),
    );
    expect(foreign.body).toEqual({ deliveries: [], caughtUp: true });
  });

  it('emails everyone the new time on a reschedule: same UID, higher SEQUENCE', async () => {
    const before = smtp.messages.length;
    const moved = { ...interview, startsAt: '2026-12-02T13:30:00.000Z', sequence: 1 };
    await service.policy.handle(
      liveEvent('LiveInterviewRescheduled', moved, 2, { previousStartsAt: interview.startsAt }),
    );
    const sent = mailsTo(smtp.messages.slice(before));
    expect(Object.keys(sent).sort()).toEqual(['ada@acme.test', 'grace@acme.test', 'zoe@example.com']);
    const candidate = sent['zoe@example.com']!;
    expect(candidate.subject).toBe('Rescheduled: live interview with Acme & Sons, now Wed 2 Dec 2026, 14:30 CET');
    expect(candidate.text).toContain('Was: Tuesday, 1 December 2026, 10:00 (Europe/Berlin, CET)');
    expect(linksIn(candidate).every((link) => link.role === 'candidate')).toBe(true);
    expect(linksIn(sent['grace@acme.test']!).every((link) => link.role === 'host')).toBe(true);
    for (const email of Object.values(sent)) {
      const { event, method, text } = calendarIn(email);
      expect(method).toBe('REQUEST');
      expect(event.uid).toBe(`${liveInterviewId}@candor`);
      expect(Number(event.sequence)).toBe(1);
      expect(text).toContain('DTSTART;TZID=Europe/Berlin:20261202T143000');
    }
  });

  it('emails only the interviewers a re-issued host link, and nobody about a revoked one', async () => {
    const before = smtp.messages.length;
    await service.policy.handle(
      liveEvent('LiveLinkRevoked', { ...interview, hostLinkId: null, sequence: 1 }, 3, {
        role: 'host',
        linkId: interview.hostLinkId,
      }),
    );
    expect(smtp.messages.length).toBe(before);

    const newHostLink = linkTokens.newLinkId();
    await service.policy.handle(
      liveEvent('LiveLinkReissued', { ...interview, hostLinkId: newHostLink, sequence: 2 }, 4, {
        role: 'host',
        linkId: newHostLink,
        previousLinkId: null,
      }),
    );
    const sent = smtp.messages.slice(before);
    expect(sent.map((email) => email.to).sort()).toEqual(['ada@acme.test', 'grace@acme.test']);
    for (const email of sent) {
      expect(email.subject).toMatch(/^New interviewer link: /);
      for (const link of linksIn(email)) {
        expect(linkTokens.verify(link.token, liveLinkPurposes.host, liveInterviewId, newHostLink)).toBe(true);
        expect(linkTokens.verify(link.token, liveLinkPurposes.host, liveInterviewId, interview.hostLinkId!)).toBe(
          false,
        );
      }
      expect(Number(calendarIn(email).event.sequence)).toBe(2);
    }
  });

  it('emails everyone a cancellation without links: METHOD:CANCEL, STATUS:CANCELLED', async () => {
    const before = smtp.messages.length;
    await service.policy.handle(liveEvent('LiveInterviewCancelled', { ...interview, sequence: 3 }, 5));
    const sent = smtp.messages.slice(before);
    expect(sent.map((email) => email.to).sort()).toEqual(['ada@acme.test', 'grace@acme.test', 'zoe@example.com']);
    for (const email of sent) {
      expect(email.subject).toMatch(/^Cancelled: /);
      expect(linksIn(email)).toEqual([]);
      const { event, method, contentType, text } = calendarIn(email);
      expect(method).toBe('CANCEL');
      expect(contentType).toMatch(/method=CANCEL/i);
      expect(text).toContain('STATUS:CANCELLED');
      expect(event.uid).toBe(`${liveInterviewId}@candor`);
      expect(Number(event.sequence)).toBe(3);
      expect(text).not.toContain('https://');
    }
  });

  it('records failures while the server is down, and a replay does not send them on its own', async () => {
    const down = newInterview();
    const event = liveEvent('LiveInterviewScheduled', down, 1);
    await smtp.stop();
    try {
      await service.policy.handle(event);
    } finally {
      await smtp.start();
    }
    const streamId = liveDeliveryStream(down.liveInterviewId, 1, 'candidate', 'zoe@example.com');
    const waitFor = await waitForStream(host.store, streamId);
    const read = await service.call(
      'GET',
      `${apiPaths.notification.deliveries(down.liveInterviewId)}?waitFor=${waitFor}`,
      await recruiter(down.organisationId),
    );
    const { deliveries } = read.body as DeliveriesResponse;
    expect(deliveries).toHaveLength(3);
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ status: 'failed', attempts: 1 });
      expect(delivery.lastError).toMatch(/^SMTP delivery via 127\.0\.0\.1:\d+ failed: .*ECONNREFUSED/);
    }
    const before = smtp.messages.length;
    await service.policy.handle(event);
    expect(smtp.messages.length).toBe(before);
    // the recruiter's retry is for invitations; a live interview's emails answer "not found"
    const retry = await service.call(
      'POST',
      apiPaths.notification.retry(down.liveInterviewId),
      await recruiter(down.organisationId),
    );
    expect(retry.status).toBe(404);
    expect(smtp.messages.length).toBe(before);
  });

  it('throws when the event store fails, and the redelivery sends only the emails not yet recorded', async () => {
    const partial = newInterview();
    const event = liveEvent('LiveInterviewScheduled', partial, 1);
    let appends = 0;
    // the first email is recorded, then the database goes away
    const flakyStore: EventStore = {
      ...host.store,
      append: (...args) =>
        ++appends === 1 ? host.store.append(...args) : Promise.reject(new Error('database is down')),
    };
    const transport = createSmtpTransport({ url: smtp.url(), from: 'Candor <no-reply@candor.test>' });
    cleanups.push(() => transport.close());
    const policy: Policy = liveInterviewsPolicy({
      store: flakyStore,
      sender: createLiveEmailSender({ transport, linkTokens, publicUrl, logger }),
      transport,
      logger,
      now: () => new Date(),
    });
    const before = smtp.messages.length;
    await expect(policy.handle(event)).rejects.toThrow('database is down');
    // sent: the first (recorded) and the second (its record failed)
    expect(smtp.messages.slice(before).map((email) => email.to)).toEqual(['zoe@example.com', 'ada@acme.test']);

    await service.policy.handle(event);
    // at least once: the unrecorded one goes again, the recorded one does not
    expect(smtp.messages.slice(before).map((email) => email.to)).toEqual([
      'zoe@example.com',
      'ada@acme.test',
      'ada@acme.test',
      'grace@acme.test',
    ]);
    for (const email of smtp.messages.slice(before)) linksIn(email);
  });

  it('skips malformed events without throwing', async () => {
    const before = smtp.messages.length;
    const good = liveEvent('LiveInterviewScheduled', newInterview(), 1);
    await service.policy.handle({ ...good, data: { interview: { liveInterviewId: 'x' } } });
    await service.policy.handle(
      liveEvent('LiveInterviewScheduled', newInterview({ liveInterviewId: 'not-a-uuid' }), 1),
    );
    await service.policy.handle({ ...good, type: 'invite.LiveTemplateCreated.v1' });
    expect(smtp.messages.length).toBe(before);
    expect(logLines.join('\n')).toContain('skipped a live interview event that fails its contract');
  });

  it('never writes a link token to the logs or the event store', async () => {
    expect(new Set(tokensSeen).size).toBeGreaterThanOrEqual(4);
    const logs = logLines.join('\n');
    const events = JSON.stringify(await host.store.readAll({ after: 0, limit: 10_000 }));
    for (const token of new Set(tokensSeen)) {
      expect(logs).not.toContain(token);
      expect(events).not.toContain(token);
    }
    expect(logs).not.toMatch(/\/(join|host)\/[A-Za-z0-9]/);
  });
});

describe('live interview emails, local mailbox', () => {
  it('keeps the email and its calendar invitation in memory, for the organisation', async () => {
    const transport = createMailboxTransport({ from: 'Candor <no-reply@candor.local>' });
    const { policy, call } = await startService(transport);
    const interview = newInterview();
    await policy.handle(liveEvent('LiveInterviewScheduled', interview, 1));
    const mailbox = await call('GET', apiPaths.notification.mailbox, await recruiter(interview.organisationId));
    expect(mailbox.status).toBe(200);
    const messages = mailbox.body.messages as {
      to: string;
      text: string;
      calendar?: { method: string; filename: string; content: string };
    }[];
    expect(messages.map((message) => message.to).sort()).toEqual([
      'ada@acme.test',
      'grace@acme.test',
      'zoe@example.com',
    ]);
    const candidate = messages.find((message) => message.to === 'zoe@example.com')!;
    expect(candidate.calendar).toMatchObject({ method: 'REQUEST', filename: 'invite.ics' });
    expect(candidate.calendar!.content).toContain(`UID:${interview.liveInterviewId}@candor`);
    expect(candidate.calendar!.content.replace(/\r\n /g, '')).toContain(`${publicUrl}/join/`);
    expect(candidate.calendar!.content.replace(/\r\n /g, '')).not.toContain('/host/');
    const other = await call('GET', apiPaths.notification.mailbox, await recruiter(randomUUID()));
    expect(other.body.messages).toEqual([]);
  });
});
