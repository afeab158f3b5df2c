// The asynchronous text interview end to end in the distributed mode: identity, invite, session and
// notification as separate processes on real Postgres, Kafka and FerretDB, email over real SMTP to a
// capturing server, driven over HTTP as the frontend does. Afterwards neither the databases nor the
// services' logs hold a working link token.
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Client } from 'pg';
import {
  apiPaths,
  type AnalysisResponse,
  type CandidateSessionView,
  type CommandResult,
  type CreateInviteResponse,
  type DeliveriesResponse,
  type ListSessionsResponse,
  type ReviewResponse,
  type SessionDetailResponse,
  type SignUpResponse,
} from '@candor/contracts';
import { generateLinkKeys } from '@candor/runtime';
import { describeWithInfra, type Infra } from '../support/infra';
import { linkInMail, startSmtpCapture, type SmtpCapture } from '../support/smtp-capture';
import { tokenKeys } from './token-keys';
import { createFreshDatabases, type FreshDatabases } from './fresh-databases';
import { startService, type ServiceProcess } from './service-process';

describeWithInfra('async text interview across service processes', ['postgres', 'kafka', 'mongo'], (servers) => {
  const publicUrl = 'https://candor.example.test';
  let databases: FreshDatabases;
  let smtp: SmtpCapture;
  const started: Record<string, ServiceProcess> = {};
  let recruiterToken = '';
  let jobId = '';
  let invite: CreateInviteResponse;
  let linkToken = '';

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

  /** Polls a read until it satisfies the check (the session and notification services react via Kafka). */
  async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ok(value) || Date.now() > until) return value;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** The candidate page's one call per view: the session service opens the link itself. */
  const openLink = (token: string) => call('session', apiPaths.session.candidate, { bearer: token });
  const asCandidate = <T>(path: string, method = 'GET', body?: unknown) =>
    call<T>('session', path, { method, body, bearer: linkToken });
  const sessions = (query = '') => call<ListSessionsResponse>('session', `${apiPaths.session.sessions}${query}`);

  beforeAll(async () => {
    const { pgUrl, kafkaBrokers, mongoUrl } = servers() as Required<Infra>;
    databases = await createFreshDatabases({ pgUrl, mongoUrl, prefix: 'candor_async' });
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
      PORT: '0',
      LOG_LEVEL: 'debug',
    };
    // identity first: the others check sessions with it (its JWKS document and its deny list)
    const keys = await tokenKeys();
    started.identity = await startService('identity', { ...env, ...keys.envFor('identity') });
    const names = ['identity', 'invite', 'session', 'notification'].slice(1);
    const services = await Promise.all(
      names.map((name) => startService(name, { ...env, ...keys.envFor(name, started.identity!.url) })),
    );
    names.forEach((name, index) => (started[name] = services[index]!));
  });

  afterAll(async () => {
    await Promise.allSettled(Object.values(started).map((service) => service.stop()));
    await smtp?.close();
    await databases?.drop();
  });

  test('a recruiter invites a candidate; the invitation arrives by SMTP with a working link', () =>
    step(async () => {
      const signUp = await call<SignUpResponse>('identity', apiPaths.identity.signUp, {
        method: 'POST',
        body: { organisationName: 'Async Org', name: 'Rita Recruiter', email: `async-${randomUUID()}@example.com`, password: 'correct horse battery' },
      });
      expect(signUp.status).toBe(201);
      recruiterToken = signUp.body.token;
      const job = await call<CommandResult>('invite', apiPaths.invite.jobs, {
        method: 'POST',
        body: { title: 'Data engineer', questions: [{ text: 'Describe a pipeline you built.' }, { text: 'How do you test it?' }] },
      });
      expect(job.status).toBe(201);
      jobId = job.body.id;

      const email = `cand-${randomUUID().slice(0, 8)}@example.com`;
      const created = await call<CreateInviteResponse>('invite', apiPaths.invite.invites, {
        method: 'POST',
        body: { jobId, candidateName: 'Chidi Anagonye', candidateEmail: email },
      });
      expect(created.status).toBe(201);
      invite = created.body;
      expect(invite.link.path).toMatch(/^\/i\/[A-Za-z0-9._-]{60,}$/);

      const mail = await smtp.waitFor((message) => message.to.includes(email), 30_000);
      expect(mail.subject).toContain('Data engineer');
      expect(mail.html).toContain(invite.link.path);
      const link = linkInMail(mail);
      expect(link).toBe(`${publicUrl}${invite.link.path}`);
      linkToken = link.slice(`${publicUrl}/i/`.length);

      const deliveries = await eventually(
        () => call<DeliveriesResponse>('notification', apiPaths.notification.deliveries(invite.id)),
        (answer) => answer.body.deliveries.some((delivery) => delivery.status === 'sent'),
      );
      expect(deliveries.body.deliveries).toEqual([expect.objectContaining({ status: 'sent', to: email, transport: 'smtp', attempts: 1 })]);
    }));

  test('the candidate answers half, comes back, resumes, and submits; the recruiter sees each status', () =>
    step(async () => {
      const status = async () =>
        (await eventually(() => sessions(`?jobId=${jobId}`), (answer) => answer.body.sessions.length === 1)).body.sessions[0]?.status;
      expect(await status()).toBe('invited');

      const first = await eventually(
        () => asCandidate<CandidateSessionView>(apiPaths.session.candidate),
        (answer) => answer.status === 200,
      );
      expect(first.body).toMatchObject({ jobTitle: 'Data engineer', candidateName: 'Chidi Anagonye', status: 'invited', nextQuestionIndex: 0 });
      const [q1, q2] = first.body.questions;

      expect((await asCandidate(apiPaths.session.candidateStart, 'POST')).status).toBeLessThan(300);
      const saved = await asCandidate<CandidateSessionView>(apiPaths.session.candidateAnswer(q1!.id), 'PUT', {
        text: 'I built a Kafka to Postgres pipeline that cut reporting latency from 6 hours to 5 minutes.',
      });
      expect(saved.status).toBe(200);
      expect(await eventually(status, (value) => value === 'in_progress')).toBe('in_progress');

      // "closes the tab and comes back": a fresh exchange of the same link resumes at question 2
      const resumed = await asCandidate<CandidateSessionView>(apiPaths.session.candidate);
      expect(resumed.body).toMatchObject({ status: 'in_progress', nextQuestionIndex: 1 });
      expect(resumed.body.questions[0]!.answer).toContain('Kafka to Postgres');

      await asCandidate(apiPaths.session.candidateAnswer(q2!.id), 'PUT', { text: 'Contract tests against real brokers, for example in CI.' });
      expect((await asCandidate(apiPaths.session.candidateSubmit, 'POST')).status).toBeLessThan(300);
      expect(await eventually(status, (value) => value === 'completed')).toBe('completed');

      const late = await asCandidate(apiPaths.session.candidateAnswer(q2!.id), 'PUT', { text: 'one more thing' });
      expect(late.status).toBe(409);
    }));

  test('the recruiter opens the completed interview: the analysis runs once and is cached', () =>
    step(async () => {
      const detail = await call<SessionDetailResponse>('session', apiPaths.session.session(invite.id));
      expect(detail.status).toBe(200);
      expect(detail.body.session.questions.map((question) => question.answer)).toEqual([expect.stringContaining('pipeline'), expect.stringContaining('Contract tests')]);
      const first = await call<AnalysisResponse>('session', apiPaths.session.analysis(invite.id), { method: 'POST', body: {} });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ ok: true, cached: false });
      const again = await call<AnalysisResponse>('session', apiPaths.session.analysis(invite.id), { method: 'POST', body: {} });
      expect(again.body).toMatchObject({ ok: true, cached: true });
      if (first.body.ok && again.body.ok) expect(again.body.analysis).toEqual(first.body.analysis);
    }));

  test('the recruiter scores the interview: the review was opened from the invite event over Kafka', () =>
    step(async () => {
      const scored = await eventually(
        () => call<CommandResult>('session', apiPaths.session.reviewScores(invite.id), { method: 'POST', body: { score: 4, note: 'Clear' } }),
        (answer) => answer.status === 200,
      );
      expect(scored.status).toBe(200);
      const review = await call<ReviewResponse>('session', `${apiPaths.session.review(invite.id)}?waitFor=${scored.body.waitFor}`);
      expect(review.body).toMatchObject({ caughtUp: true, review: { kind: 'async', count: 1, average: 4 } });
      const refused = await call('session', apiPaths.session.reviewScores(invite.id), { method: 'POST', body: { score: 6 } });
      expect(refused.status).toBe(400);
    }));

  test('a revoked link stops once the revoke reaches the session service; the re-issued link is new and works', () =>
    step(async () => {
      const revoked = await call<CommandResult>('invite', apiPaths.invite.revokeInvite(invite.id), { method: 'POST' });
      expect(revoked.status).toBe(200);
      // the session service learns it from the invite events over Kafka (policy session.invites)
      const refused = await eventually(() => openLink(linkToken), (answer) => answer.status === 410);
      expect(refused.status).toBe(410);
      expect(refused.body).toMatchObject({ type: 'https://candor.dev/problems/link-revoked' });

      const reissued = await call<CreateInviteResponse>('invite', apiPaths.invite.reissueInvite(invite.id), { method: 'POST' });
      expect(reissued.status).toBe(200);
      const newToken = reissued.body.link.path.slice('/i/'.length);
      expect(newToken).not.toBe(linkToken);
      expect((await eventually(() => openLink(newToken), (answer) => answer.status === 200)).status).toBe(200);
      expect((await openLink(linkToken)).status).toBe(410);
      const wrong = await openLink(`${newToken.slice(0, -4)}AAAA`);
      expect(wrong.status).toBe(404);
      expect(wrong.body).toMatchObject({ type: 'https://candor.dev/problems/link-invalid' });
      // the re-issued link is emailed too
      const mail = await smtp.waitFor((message) => message.text.includes(reissued.body.link.path), 30_000);
      expect(linkInMail(mail)).toBe(`${publicUrl}${reissued.body.link.path}`);
      linkToken = newToken;
    }));

  test('no working link token is in the databases or the logs', () =>
    step(async () => {
      const tokens = [linkToken, ...smtp.messages.map((mail) => linkInMail(mail).split('/i/')[1]!)];
      const pg = new Client({ connectionString: databases.databaseUrl });
      await pg.connect();
      let dump = '';
      try {
        const { rows: tables } = await pg.query<{ schema: string; name: string }>(
          `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`,
        );
        expect(tables.length).toBeGreaterThan(4);
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
      expect(dump).toContain(invite.id); // the dump is real: it holds the invite
      const logs = Object.values(started).map((service) => service.output()).join('\n');
      expect(logs.length).toBeGreaterThan(0);
      for (const token of new Set(tokens)) {
        expect(token.length).toBeGreaterThan(60);
        expect(dump).not.toContain(token);
        expect(dump).not.toContain(token.split('.')[2]); // not even the secret part alone
        expect(logs).not.toContain(token.split('.')[2]);
      }
    }));
});
