// A live interview end to end in the distributed mode: identity, invite, notification and media as
// separate processes on real Postgres, Kafka and FerretDB, the built frontend's serve.js in front of
// the media service's signalling socket, email over real SMTP to a capturing server. A recruiter
// schedules an interview in Asia/Kolkata; everyone gets one email with a calendar invitation at the
// right wall-clock time and their own link; both links open for live tokens; the media service's
// policy prepares the room from the invite events over Kafka; the interviewer (through serve.js) and
// the candidate (straight to the media service) signal over real WebSockets: waiting, admitted,
// rescheduled meanwhile (everyone mailed again, SEQUENCE:1), ended for both, and the room refuses
// later joins and shows as ended to the recruiter. Afterwards neither the databases nor any log hold
// a link token, a live token or a room token. Along the way the two services' own metrics are read
// from their /metrics: notification's email outcomes per purpose, media's open rooms and its
// participants by role and state (waiting, admitted, gone).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { Client } from 'pg';
import {
  apiPaths,
  liveProblemTypes,
  signalCloseCodes,
  type CommandResult,
  type DeliveriesResponse,
  type JoinRoomResponse,
  type LiveRole,
  type OpenLiveLinkResponse,
  type RoomView,
  type ScheduleLiveInterviewResponse,
  type SignUpResponse,
} from '@candor/contracts';
import { generateLinkKeys } from '@candor/runtime';
import { describeWithInfra, type Infra } from '../support/infra';
import { startSmtpCapture, type CapturedMail, type SmtpCapture } from '../support/smtp-capture';
import { tokenKeys } from './token-keys';
import { createFreshDatabases, type FreshDatabases } from './fresh-databases';
import { frontendMissing, startFrontend } from './frontend-process';
import { startService, type ServiceProcess } from './service-process';
import { SignalClient } from '../support/signal-client';
import { sampleIfPresent } from '../platform/prometheus-text';

// five processes on a busy machine, emails over Kafka and SMTP, a read model behind them
jest.setTimeout(120_000);

const requireInfra = process.env.CANDOR_REQUIRE_INFRA === '1';
if (frontendMissing) {
  const banner = '!'.repeat(78);
  console.warn(`\n${banner}\nlive interview e2e: ${frontendMissing}; the interviewer's socket goes straight to the media service\n${banner}\n`);
}

const timeZone = 'Asia/Kolkata';

/** The wall-clock time of an instant in a zone, to the minute, as the scheduling form sends it. */
function wallClock(instant: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The text/calendar part of a mail, unfolded (RFC 5545 folds long lines with CRLF + space). */
function calendarOf(mail: CapturedMail): string {
  const part = mail.parsed.attachments.find((attachment) => attachment.contentType === 'text/calendar');
  if (!part) throw new Error(`no text/calendar part in "${mail.subject}" (parts: ${mail.parsed.attachments.map((a) => a.contentType).join(', ')})`);
  return part.content.toString('utf8').replace(/\r?\n[ \t]/g, '');
}

/** Every `/join/<token>` and `/host/<token>` in a mail: its text, its HTML and its calendar. */
function linksIn(mail: CapturedMail): Record<LiveRole, Set<string>> {
  const found = { candidate: new Set<string>(), host: new Set<string>() };
  for (const [, kind, token] of `${mail.text}\n${mail.html}\n${calendarOf(mail)}`.matchAll(/\/(join|host)\/([A-Za-z0-9._-]+)/g))
    found[kind === 'join' ? 'candidate' : 'host'].add(token!);
  return found;
}

const secretPart = (token: string) => token.split('.')[2]!;

describeWithInfra('live interview across service processes', ['postgres', 'kafka', 'mongo'], (servers) => {
  const publicUrl = 'https://candor.example.test';
  const tag = randomUUID().slice(0, 8);
  const people = {
    recruiter: { name: 'Rita Recruiter', email: `live-recruiter-${tag}@example.com` },
    candidate: { name: 'Chidi Anagonye', email: `live-candidate-${tag}@example.com` },
    defaultInterviewer: { name: 'Dana Default', email: `live-default-${tag}@example.com` },
    guest: { name: 'Gus Guest', email: `live-guest-${tag}@example.com` },
  };
  const hostRecipients = [people.recruiter.email, people.defaultInterviewer.email, people.guest.email];
  const everyone = [people.candidate.email, ...hostRecipients];

  let databases: FreshDatabases;
  let smtp: SmtpCapture;
  const started: Record<string, ServiceProcess> = {};
  const sockets: SignalClient[] = [];
  let recruiterToken = '';
  let templateId = '';
  let liveInterviewId = '';
  let firstStart: { instant: Date; wall: string };
  let secondStart: { instant: Date; wall: string };
  const linkTokens: Record<LiveRole, string> = { candidate: '', host: '' };
  /** every live token and room token handed out, none of which may be stored or logged */
  const bearerTokens = new Set<string>();
  let host: SignalClient;
  let candidate: SignalClient;

  async function step(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      const logs = Object.values(started).map((service) => `--- ${service.name} ---\n${service.output().slice(-3000)}`);
      if (error instanceof Error) error.message += `\n\n${logs.join('\n')}`;
      throw error;
    }
  }

  async function call<T>(service: string, path: string, init: { method?: string; body?: unknown; bearer?: string } = {}) {
    const response = await fetch(started[service]!.url + path, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        authorization: `Bearer ${init.bearer ?? recruiterToken}`,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Polls until the check holds; fails with the last value when it never does. */
  async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
      await sleep(250);
    }
  }

  const openLiveLink = (token: string, role: LiveRole) =>
    call<OpenLiveLinkResponse>('invite', apiPaths.invite.openLiveLink, { method: 'POST', body: { token, role } });

  async function liveTokenOf(role: LiveRole): Promise<string> {
    const opened = await openLiveLink(linkTokens[role], role);
    expect(opened.status).toBe(200);
    bearerTokens.add(opened.body.liveToken);
    return opened.body.liveToken;
  }

  const join = (liveToken: string, body: object) =>
    call<JoinRoomResponse>('media', apiPaths.media.join, { method: 'POST', body, bearer: liveToken });

  const mailsTo = (address: string) => smtp.messages.filter((mail) => mail.to.includes(address));

  /** One sample of a service's /metrics (undefined when the series is not served). */
  async function metric(service: 'media' | 'notification', name: string, labels: Record<string, string> = {}) {
    const response = await fetch(`${started[service]!.url}/metrics`);
    expect(response.status).toBe(200);
    return sampleIfPresent(await response.text(), name, { ...labels, service });
  }
  const emailsRecorded = (purpose: string, outcome: 'sent' | 'failed') =>
    metric('notification', 'candor_notification_email_deliveries_total', { purpose, attempt: 'first', outcome });
  /** media's gauges: open rooms, then participants as `role/state` → count */
  async function roomCensus() {
    const census: Record<string, number | undefined> = { rooms: await metric('media', 'candor_media_rooms_open') };
    for (const role of ['host', 'candidate']) {
      for (const state of ['waiting', 'in-room']) census[`${role}/${state}`] = await metric('media', 'candor_media_participants', { role, state });
    }
    return census;
  }

  /** Waits until the notification service recorded `count` sent emails of the interview, then lets stragglers land. */
  async function deliveriesSent(count: number) {
    const answer = await eventually(
      () => call<DeliveriesResponse>('notification', apiPaths.notification.deliveries(liveInterviewId)),
      (value) => value.status === 200 && value.body.deliveries.filter((delivery) => delivery.status === 'sent').length >= count,
      `${count} sent deliveries`,
    );
    // a duplicate send would follow its original within moments: give it the chance to show
    await sleep(1_500);
    return answer.body.deliveries;
  }

  beforeAll(async () => {
    const { pgUrl, kafkaBrokers, mongoUrl } = servers() as Required<Infra>;
    databases = await createFreshDatabases({ pgUrl, mongoUrl, prefix: 'candor_live' });
    smtp = await startSmtpCapture();
    const env = {
      DATABASE_URL: databases.databaseUrl,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKA_NAMESPACE: databases.mongoDatabase.replace(/[^A-Za-z0-9_-]/g, '-'),
      MONGO_URL: databases.mongoUrl,
      MONGO_DATABASE: databases.mongoDatabase,
      CANDOR_LINK_KEYS: generateLinkKeys(),
      CANDOR_SMTP_URL: smtp.url,
      CANDOR_PUBLIC_URL: publicUrl,
      // signalling only here (no media flows), on the engine that needs no native worker
      CANDOR_SFU_ENGINE: 'werift',
      CANDOR_MEDIA_LISTEN_IP: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'debug',
    };
    // identity first: the others check sessions with it (its JWKS document and its deny list)
    const keys = await tokenKeys();
    started.identity = await startService('identity', { ...env, ...keys.envFor('identity') });
    const names = ['identity', 'invite', 'notification', 'media'].slice(1);
    const services = await Promise.all(
      names.map((name) => startService(name, { ...env, ...keys.envFor(name, started.identity!.url) })),
    );
    names.forEach((name, index) => (started[name] = services[index]!));
    if (!frontendMissing) {
      started.frontend = await startFrontend({
        CANDOR_IDENTITY_URL: started.identity!.url,
        CANDOR_INVITE_URL: started.invite!.url,
        CANDOR_NOTIFICATION_URL: started.notification!.url,
        CANDOR_MEDIA_URL: started.media!.url,
        CANDOR_COOKIE_SECURE: 'false',
      });
    }
  }, 180_000);

  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await Promise.allSettled(Object.values(started).map((service) => service.stop()));
    await smtp?.close();
    await databases?.drop();
  }, 60_000);

  if (frontendMissing && requireInfra) {
    test('the frontend is built (CANDOR_REQUIRE_INFRA=1)', () => {
      throw new Error(frontendMissing);
    });
  }

  test('scheduled in Asia/Kolkata: each of the four people gets one email, a calendar invitation at that wall-clock time and their own link', () =>
    step(async () => {
      const signUp = await call<SignUpResponse>('identity', apiPaths.identity.signUp, {
        method: 'POST',
        body: { organisationName: 'Live Org', ...people.recruiter, password: 'correct horse battery' },
      });
      expect(signUp.status).toBe(201);
      recruiterToken = signUp.body.token;

      const template = await call<CommandResult>('invite', apiPaths.invite.liveTemplates, {
        method: 'POST',
        body: {
          name: 'Backend panel',
          durationMinutes: 45,
          instructions: 'Have a pen and paper ready.',
          recordable: true,
          defaultInterviewers: [people.defaultInterviewer],
        },
      });
      expect(template.status).toBe(201);
      templateId = template.body.id;

      // a whole minute 5 to 6 minutes ahead: inside the waiting room's 15 minutes
      const instant = new Date(Math.ceil((Date.now() + 5 * 60_000) / 60_000) * 60_000);
      firstStart = { instant, wall: wallClock(instant, timeZone) };
      const scheduled = await call<ScheduleLiveInterviewResponse>('invite', apiPaths.invite.liveInterviews, {
        method: 'POST',
        body: {
          templateId,
          candidateName: people.candidate.name,
          candidateEmail: people.candidate.email,
          startsAt: firstStart.wall,
          timeZone,
          guestInterviewers: [people.guest],
        },
      });
      expect(scheduled.status).toBe(201);
      liveInterviewId = scheduled.body.id;

      const deliveries = await deliveriesSent(everyone.length);
      expect(deliveries.map((delivery) => delivery.to).sort()).toEqual([...everyone].sort());
      // the notification process counted them: one candidate email, three interviewer emails, no failure
      expect(await emailsRecorded('live-candidate', 'sent')).toBe(1);
      expect(await emailsRecorded('live-interviewer', 'sent')).toBe(3);
      expect(await emailsRecorded('live-interviewer', 'failed')).toBe(0);
      expect(await emailsRecorded('candidate-invitation', 'sent')).toBe(0);
      const dtstart = `DTSTART;TZID=${timeZone}:${firstStart.wall.replace(/[-:]/g, '')}00`;
      for (const address of everyone) {
        const mails = mailsTo(address);
        expect(mails).toHaveLength(1);
        const calendar = calendarOf(mails[0]!);
        expect(calendar).toMatch(/^METHOD:REQUEST$/m);
        expect(calendar).toContain(dtstart);
        expect(calendar).toMatch(/^SEQUENCE:0$/m);
        const links = linksIn(mails[0]!);
        const role: LiveRole = address === people.candidate.email ? 'candidate' : 'host';
        const other: LiveRole = role === 'candidate' ? 'host' : 'candidate';
        expect(links[other].size).toBe(0);
        expect(links[role].size).toBe(1);
        const [token] = links[role];
        expect(mails[0]!.text).toContain(`${publicUrl}/${role === 'candidate' ? 'join' : 'host'}/${token}`);
        // the three interviewers share the one host link
        if (linkTokens[role]) expect(token).toBe(linkTokens[role]);
        linkTokens[role] = token!;
      }
      expect(linkTokens.candidate.length).toBeGreaterThan(60);
      expect(linkTokens.host).not.toBe(linkTokens.candidate);
      // the links mailed are the ones the recruiter was shown
      expect(scheduled.body.links).toEqual({ candidate: { path: `/join/${linkTokens.candidate}` }, host: { path: `/host/${linkTokens.host}` } });
    }));

  test('both links open for live tokens with their own role, and only with it', () =>
    step(async () => {
      for (const role of ['candidate', 'host'] as const) {
        const opened = await openLiveLink(linkTokens[role], role);
        expect(opened.status).toBe(200);
        bearerTokens.add(opened.body.liveToken);
        expect(opened.body.role).toBe(role);
        expect(opened.body.interview).toMatchObject({ liveInterviewId, timeZone, candidateName: people.candidate.name, recordable: true });
        expect(Date.parse(opened.body.interview.startsAt)).toBe(firstStart.instant.getTime());
        expect([...opened.body.interview.interviewerNames].sort()).toEqual(
          [people.recruiter.name, people.defaultInterviewer.name, people.guest.name].sort(),
        );
      }
      expect((await openLiveLink(linkTokens.candidate, 'host')).status).toBe(404);
      expect((await openLiveLink(linkTokens.host, 'candidate')).status).toBe(404);
    }));

  test('the room is prepared over Kafka; the interviewer (through serve.js) admits the waiting candidate', () =>
    step(async () => {
      // nobody connected yet: no room open in the media process, every participant series at 0
      expect(await roomCensus()).toEqual({ rooms: 0, 'host/waiting': 0, 'host/in-room': 0, 'candidate/waiting': 0, 'candidate/in-room': 0 });
      // the media service's policy prepares the room from the invite events: until then, 404
      const hostLive = await liveTokenOf('host');
      const hostJoin = await eventually(() => join(hostLive, { displayName: 'Ada Lovelace' }), (answer) => answer.status !== 404, 'the room to be prepared');
      expect(hostJoin.status).toBe(200);
      expect(hostJoin.body).toMatchObject({ roomId: liveInterviewId, role: 'host', signalPath: apiPaths.media.signal });
      bearerTokens.add(hostJoin.body.roomToken);

      const candidateLive = await liveTokenOf('candidate');
      const refused = await join(candidateLive, {});
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ type: `https://candor.dev/problems/${liveProblemTypes.consentRequired}` });
      const candidateJoin = await join(candidateLive, { recordingConsent: true });
      expect(candidateJoin.status).toBe(200);
      expect(candidateJoin.body).toMatchObject({ roomId: liveInterviewId, role: 'candidate' });
      bearerTokens.add(candidateJoin.body.roomToken);

      host = await SignalClient.open((started.frontend ?? started.media)!.url);
      sockets.push(host);
      host.send({ type: 'hello', token: hostJoin.body.roomToken });
      const hostWelcome = await host.next('welcome');
      expect(hostWelcome).toMatchObject({ role: 'host', state: 'in-room', participantId: hostJoin.body.participantId });
      expect(hostWelcome.room.participants).toEqual([expect.objectContaining({ name: 'Ada Lovelace', role: 'host' })]);

      const beforeCandidate = host.messages.length;
      candidate = await SignalClient.open(started.media!.url);
      sockets.push(candidate);
      candidate.send({ type: 'hello', token: candidateJoin.body.roomToken });
      const candidateWelcome = await candidate.next('welcome');
      expect(candidateWelcome).toMatchObject({ role: 'candidate', state: 'waiting' });
      expect(candidateWelcome.room.waiting).toEqual([]); // the waiting list is for hosts only
      const waiting = await host.next('room', { from: beforeCandidate, where: (message) => message.room.waiting.length > 0 });
      expect(waiting.room.waiting).toEqual([expect.objectContaining({ id: candidateWelcome.participantId, name: people.candidate.name })]);
      expect(await roomCensus()).toEqual({ rooms: 1, 'host/waiting': 0, 'host/in-room': 1, 'candidate/waiting': 1, 'candidate/in-room': 0 });

      const beforeAdmit = host.messages.length;
      host.send({ type: 'admit', participantId: candidateWelcome.participantId });
      await candidate.next('admitted');
      const inRoom = await host.next('room', {
        from: beforeAdmit,
        where: (message) => message.room.participants.some((participant) => participant.role === 'candidate'),
      });
      expect(inRoom.room.waiting).toEqual([]);
      expect(await roomCensus()).toEqual({ rooms: 1, 'host/waiting': 0, 'host/in-room': 1, 'candidate/waiting': 0, 'candidate/in-room': 1 });
    }));

  test('rescheduled before the end: everyone gets a second email, SEQUENCE:1 at the new wall-clock time, same links', () =>
    step(async () => {
      const instant = new Date(firstStart.instant.getTime() + 3 * 60_000);
      secondStart = { instant, wall: wallClock(instant, timeZone) };
      const rescheduled = await call<CommandResult>('invite', apiPaths.invite.rescheduleLive(liveInterviewId), {
        method: 'POST',
        body: { startsAt: secondStart.wall, timeZone },
      });
      expect(rescheduled.status).toBe(200);

      await deliveriesSent(everyone.length * 2);
      expect(await emailsRecorded('live-candidate', 'sent')).toBe(2);
      expect(await emailsRecorded('live-interviewer', 'sent')).toBe(6);
      const dtstart = `DTSTART;TZID=${timeZone}:${secondStart.wall.replace(/[-:]/g, '')}00`;
      for (const address of everyone) {
        const mails = mailsTo(address);
        expect(mails).toHaveLength(2);
        const second = mails.find((mail) => /^SEQUENCE:1$/m.test(calendarOf(mail)));
        expect(second).toBeDefined();
        expect(calendarOf(second!)).toContain(dtstart);
        const role: LiveRole = address === people.candidate.email ? 'candidate' : 'host';
        expect([...linksIn(second!)[role]]).toEqual([linkTokens[role]]);
      }
      // the people in the room were not disturbed
      expect(host.closed).toBeUndefined();
      expect(candidate.closed).toBeUndefined();
    }));

  test('the interviewer ends the interview: both are told and closed with 4010; later joins are refused with 410', () =>
    step(async () => {
      host.send({ type: 'end' });
      await host.next('ended');
      await candidate.next('ended');
      expect((await host.closedWith()).code).toBe(signalCloseCodes.ended);
      expect((await candidate.closedWith()).code).toBe(signalCloseCodes.ended);
      // the ended room is forgotten by the media process, and nobody is counted in it any more
      await eventually(roomCensus, (census) => census.rooms === 0, 'the ended room to close');
      expect(await roomCensus()).toEqual({ rooms: 0, 'host/waiting': 0, 'host/in-room': 0, 'candidate/waiting': 0, 'candidate/in-room': 0 });

      for (const [role, body] of [
        ['candidate', { recordingConsent: true }],
        ['host', { displayName: 'Ada Lovelace' }],
      ] as const) {
        const late = await join(await liveTokenOf(role), body);
        expect(late.status).toBe(410);
        expect(late.body).toMatchObject({ type: `https://candor.dev/problems/${liveProblemTypes.ended}` });
      }

      const rooms = await eventually(
        () => call<{ rooms: RoomView[] }>('media', `${apiPaths.media.rooms}?templateId=${templateId}`),
        (answer) => answer.status === 200 && answer.body.rooms[0]?.status === 'ended',
        'the room to show as ended',
      );
      expect(rooms.body.rooms).toHaveLength(1);
      const [room] = rooms.body.rooms;
      expect(room).toMatchObject({ id: liveInterviewId, templateId, candidateName: people.candidate.name, status: 'ended' });
      expect(room!.admittedAt).not.toBeNull();
      expect(room!.recordingConsentAt).not.toBeNull();
      expect(room!.endedAt).not.toBeNull();
      expect(Date.parse(room!.startsAt)).toBe(secondStart.instant.getTime());
    }));

  test('no link token (nor its MAC), live token or room token is in the databases or the logs', () =>
    step(async () => {
      const pg = new Client({ connectionString: databases.databaseUrl });
      await pg.connect();
      let dump = '';
      try {
        const { rows: tables } = await pg.query<{ schema: string; name: string }>(
          `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`,
        );
        const schemas = [...new Set(tables.map((table) => table.schema))];
        for (const schema of ['invite', 'notification', 'media']) expect(schemas).toContain(schema);
        for (const table of tables) {
          const { rows } = await pg.query(`SELECT * FROM "${table.schema}"."${table.name}"`);
          dump += JSON.stringify(rows);
        }
      } finally {
        await pg.end();
      }
      const mongo = new MongoClient(servers().mongoUrl!);
      try {
        const db = mongo.db(databases.mongoDatabase);
        for (const { name } of await db.listCollections().toArray()) dump += JSON.stringify(await db.collection(name).find({}).toArray());
      } finally {
        await mongo.close();
      }
      // the dump is real: it holds the interview, its room's end and the emails sent
      for (const evidence of [liveInterviewId, 'media.InterviewEnded.v1', people.guest.email]) expect(dump).toContain(evidence);
      const logs = Object.values(started).map((service) => service.output()).join('\n');
      expect(logs).toContain(liveInterviewId);

      const mailedTokens = new Set(
        smtp.messages.flatMap((mail) => {
          const links = linksIn(mail);
          return [...links.candidate, ...links.host];
        }),
      );
      expect([...mailedTokens].sort()).toEqual([linkTokens.candidate, linkTokens.host].sort());
      for (const token of mailedTokens) {
        for (const secret of [token, secretPart(token)]) {
          expect(dump).not.toContain(secret);
          expect(logs).not.toContain(secret);
        }
      }
      // 4 live tokens opened in the room step and 2 after the end, 2 room tokens (at least)
      expect(bearerTokens.size).toBeGreaterThanOrEqual(6);
      for (const token of bearerTokens) {
        for (const secret of [token, secretPart(token)]) {
          expect(dump).not.toContain(secret);
          expect(logs).not.toContain(secret);
        }
      }
    }));
});
