// Share links end to end in the distributed mode: identity, invite, session and sharing as separate
// processes on real Postgres, Kafka and FerretDB (Mongo wire). The sharing service hears of the
// live interview and of a reviewer's score over Kafka, a viewer's view is counted on its write
// model and reaches the overview through the Mongo read model, the audit log verifies, the
// organisation's founder (followed from identity over Kafka) alone may set the ceilings, and neither
// the databases nor the services' logs hold the working share token or the viewer's pass.
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Client } from 'pg';
import { apiPaths, sharingPaths, type CommandResult, type ShareLinkView, type SignUpResponse } from '@candor/contracts';
import { generateLinkKeys } from '@candor/runtime';
import { verifyAuditLog } from '@candor/sharing';
import { describeWithInfra, type Infra } from '../support/infra';
import { createFreshDatabases, type FreshDatabases } from './fresh-databases';
import { startService, type ServiceProcess } from './service-process';
import { tokenKeys } from './token-keys';

describeWithInfra('share links across service processes', ['postgres', 'kafka', 'mongo'], (servers) => {
  let databases: FreshDatabases;
  const started: Record<string, ServiceProcess> = {};
  let recruiterToken = '';
  let interviewId = '';
  let shareToken = '';
  let shareLinkId = '';
  let pass = '';

  async function step(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      const logs = Object.values(started).map((service) => `--- ${service.name} ---\n${service.output().slice(-3000)}`);
      if (error instanceof Error) error.message += `\n\n${logs.join('\n')}`;
      throw error;
    }
  }

  async function call<T>(
    service: string,
    path: string,
    init: { method?: string; body?: unknown; bearer?: string; cookie?: string } = {},
  ) {
    const headers: Record<string, string> = { authorization: `Bearer ${init.bearer ?? recruiterToken}` };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.cookie) headers.cookie = init.cookie;
    const response = await fetch(started[service]!.url + path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      text,
      cookies: response.headers.getSetCookie(),
      headers: response.headers,
    };
  }

  async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ok(value) || Date.now() > until) return value;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  beforeAll(async () => {
    const { pgUrl, kafkaBrokers, mongoUrl } = servers() as Required<Infra>;
    databases = await createFreshDatabases({ pgUrl, mongoUrl, prefix: 'candor_sharing' });
    const env = {
      DATABASE_URL: databases.databaseUrl,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKA_NAMESPACE: databases.mongoDatabase.replace(/[^A-Za-z0-9_-]/g, '-'),
      MONGO_URL: databases.mongoUrl,
      MONGO_DATABASE: databases.mongoDatabase,
      CANDOR_LINK_KEYS: generateLinkKeys(),
      PORT: '0',
      LOG_LEVEL: 'debug',
    };
    const keys = await tokenKeys();
    // identity first: the others check sessions with it (its public keys and its deny list)
    started.identity = await startService('identity', { ...env, ...keys.envFor('identity') });
    const names = ['invite', 'session', 'sharing'];
    const services = await Promise.all(
      names.map((name) => startService(name, { ...env, ...keys.envFor(name, started.identity!.url) })),
    );
    names.forEach((name, index) => (started[name] = services[index]!));
  });

  afterAll(async () => {
    await Promise.allSettled(Object.values(started).map((service) => service.stop()));
    await databases?.drop();
  });

  test('a live interview scheduled in the invite service is shared; its reviewer score reaches the viewer', () =>
    step(async () => {
      const signUp = await call<SignUpResponse>('identity', apiPaths.identity.signUp, {
        method: 'POST',
        body: {
          organisationName: 'Share Org',
          name: 'Rita Recruiter',
          email: `share-${randomUUID()}@example.com`,
          password: 'correct horse battery',
        },
      });
      expect(signUp.status).toBe(201);
      recruiterToken = signUp.body.token;
      const template = await call<CommandResult>('invite', apiPaths.invite.liveTemplates, {
        method: 'POST',
        body: { name: 'Panel', durationMinutes: 30 },
      });
      const scheduled = await call<CommandResult>('invite', apiPaths.invite.liveInterviews, {
        method: 'POST',
        body: {
          templateId: template.body.id,
          candidateName: 'Jason Mendoza',
          candidateEmail: 'jason@example.com',
          startsAt: `${new Date().getFullYear() + 1}-03-01T09:30`,
          timeZone: 'Europe/Lisbon',
        },
      });
      expect(scheduled.status).toBe(201);
      interviewId = scheduled.body.id;

      // over Kafka: the sharing service follows the interview a moment after it was scheduled
      const created = await eventually(
        () =>
          call<{ id: string; path: string }>('sharing', sharingPaths.interviewLinks(interviewId), {
            method: 'POST',
            body: {
              name: 'Client',
              nameVisibility: 'first',
              content: {
                interviewTitle: true,
                inviterDetails: false,
                scheduledAt: false,
                duration: false,
                interviewerNames: false,
                averageScore: true,
              },
            },
          }),
        (answer) => answer.status === 201,
      );
      expect(created.status).toBe(201);
      shareLinkId = created.body.id;
      shareToken = created.body.path.slice('/s/'.length);

      const scored = await eventually(
        () =>
          call('session', apiPaths.session.reviewScores(interviewId), { method: 'POST', body: { score: 4, note: '' } }),
        (answer) => answer.status === 201 || answer.status === 200,
      );
      expect(scored.status).toBeLessThan(300);

      const opened = await call('sharing', sharingPaths.viewerOpen, { method: 'POST', body: { token: shareToken } });
      expect(opened.body).toEqual({ status: 'active', pageTitle: 'Interview with Jason' });
      const viewed = await eventually(
        () =>
          call<{ counted: boolean; content: Record<string, unknown> }>('sharing', sharingPaths.viewerView, {
            method: 'POST',
            body: { token: shareToken },
            cookie: pass,
          }).then((answer) => {
            if (answer.cookies[0]) pass = answer.cookies[0].split(';')[0]!;
            return answer;
          }),
        (answer) => answer.status === 200 && answer.body.content.averageScore === 4,
      );
      expect(viewed.body.content).toEqual({
        pageTitle: 'Interview with Jason',
        candidateName: 'Jason',
        interviewTitle: 'Panel',
        averageScore: 4,
        recordings: [],
        expiresAt: expect.any(String),
      });
      expect(viewed.text).not.toMatch(/Mendoza|@/);
    }));

  test('the overview counts the view once (Mongo read model) and the audit log verifies', () =>
    step(async () => {
      const list = await eventually(
        () => call<{ links: ShareLinkView[] }>('sharing', sharingPaths.interviewLinks(interviewId)),
        (answer) => answer.body.links[0]?.views === 1,
      );
      expect(list.body.links).toEqual([
        expect.objectContaining({ id: shareLinkId, views: 1, maxViews: 5, status: 'active' }),
      ]);
      const exported = await eventually(
        () =>
          fetch(started.sharing!.url + sharingPaths.auditExport, {
            headers: { authorization: `Bearer ${recruiterToken}` },
          }).then((response) => response.text()),
        (text) => text.split('\n').filter(Boolean).length >= 2,
      );
      expect(verifyAuditLog(exported)).toMatchObject({ ok: true });
      expect(
        exported
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line).type),
      ).toEqual(expect.arrayContaining(['sharing.ShareLinkCreated.v1', 'sharing.ShareLinkViewed.v1']));
    }));

  test("the organisation's founder, followed from identity over Kafka, is the admin who sets the ceilings", () =>
    step(async () => {
      const raised = await eventually(
        () =>
          call<{ ceilings: { maxViews: number }; canSetCeilings: boolean }>('sharing', sharingPaths.ceilings, {
            method: 'PUT',
            body: { maxExpiryDays: 45, maxViews: 80 },
          }),
        (answer) => answer.status !== 403,
      );
      expect([raised.status, raised.body]).toEqual([200, expect.objectContaining({ canSetCeilings: true })]);
      // a colleague the founder added is a recruiter of the organisation, not its admin
      const colleagueEmail = `colleague-${randomUUID()}@example.com`;
      const added = await call('identity', apiPaths.identity.colleagues, {
        method: 'POST',
        body: { name: 'Colin Colleague', email: colleagueEmail, password: 'correct horse battery' },
      });
      expect(added.status).toBe(201);
      const login = await call<{ token: string }>('identity', apiPaths.identity.logIn, {
        method: 'POST',
        body: { email: colleagueEmail, password: 'correct horse battery' },
      });
      const refused = await call('sharing', sharingPaths.ceilings, {
        method: 'PUT',
        body: { maxExpiryDays: 365, maxViews: 10_000 },
        bearer: login.body.token,
      });
      expect(refused.status).toBe(403);
      const settings = await call<{ ceilings: object; canSetCeilings: boolean }>('sharing', sharingPaths.settings, {
        bearer: login.body.token,
      });
      expect(settings.body).toMatchObject({ ceilings: { maxExpiryDays: 45, maxViews: 80 }, canSetCeilings: false });
    }));

  test('no working share token or viewing pass is in the databases or the logs', () =>
    step(async () => {
      const pg = new Client({ connectionString: databases.databaseUrl });
      await pg.connect();
      let dump = '';
      try {
        const { rows: tables } = await pg.query<{ schema: string; name: string }>(
          `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`,
        );
        for (const table of tables)
          dump += JSON.stringify((await pg.query(`SELECT * FROM "${table.schema}"."${table.name}"`)).rows);
      } finally {
        await pg.end();
      }
      const mongo = new MongoClient(servers().mongoUrl!);
      try {
        const db = mongo.db(databases.mongoDatabase);
        for (const { name } of await db.listCollections().toArray())
          dump += JSON.stringify(await db.collection(name).find({}).toArray());
      } finally {
        await mongo.close();
      }
      expect(dump).toContain(shareLinkId); // the dump is real: it holds the link
      const logs = Object.values(started)
        .map((service) => service.output())
        .join('\n');
      expect(pass).toMatch(/^candor_share_[0-9a-f]{32}=/);
      for (const secret of [shareToken.split('.')[2]!, decodeURIComponent(pass.split('=')[1]!).split('.')[2]!]) {
        expect(secret.length).toBe(43);
        expect(dump).not.toContain(secret);
        expect(logs).not.toContain(secret);
      }
    }));
});
