// The distributed mode end to end: identity and two invite replicas as separate processes against
// real Postgres, Kafka and a Mongo-wire server (FerretDB), driven over HTTP like the dashboard does.
// Each run gets its own Postgres and Mongo databases; Kafka topics are shared, so ids and emails
// are random.
import { randomBytes, randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { Client } from 'pg';
import { apiPaths, type CommandResult, type JobListResponse, type JobResponse, type SignUpResponse } from '@candor/contracts';
import { generateLinkKeys } from '@candor/runtime';
import { describeWithInfra, type Infra } from '../support/infra';
import { createFreshDatabases, type FreshDatabases } from './fresh-databases';
import { tokenKeys } from './token-keys';
import { isAlive, runServiceToExit, startService, type ServiceProcess } from './service-process';

describeWithInfra('distributed services (identity + invite replicas as processes)', ['postgres', 'kafka', 'mongo'], (servers) => {
  let keys: Awaited<ReturnType<typeof tokenKeys>>;
  let databases: FreshDatabases;
  let env: Record<string, string>;
  let identity: ServiceProcess;
  let inviteA: ServiceProcess;
  let inviteB: ServiceProcess | undefined;
  const started: ServiceProcess[] = [];
  let mongo: MongoClient;
  let readModels: Db;
  let token: string;
  let job: CommandResult;

  /** Runs a step; on failure, the services' output is added to the error so the cause shows. */
  async function step(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      const logs = started.map((service) => `--- ${service.name} (pid ${service.pid}) ---\n${service.output().slice(-4000)}`);
      if (error instanceof Error) error.message += `\n\n${logs.join('\n')}`;
      throw error;
    }
  }

  async function call<T>(base: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const response = await fetch(base + path, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  const start = async (name: string) => {
    const service = await startService(name, { ...env, ...keys.envFor(name, identity?.url) });
    started.push(service);
    return service;
  };
  const jobDocument = (jobId: string) => readModels.collection<{ _id: string }>('invite_jobs').findOne({ _id: jobId });

  beforeAll(async () => {
    const { pgUrl, kafkaBrokers, mongoUrl } = servers() as Required<Infra>;
    databases = await createFreshDatabases({ pgUrl, mongoUrl, prefix: 'candor_e2e' });
    env = {
      DATABASE_URL: databases.databaseUrl,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      // this run's own topics and consumer groups: runs sharing the broker cannot steal its events
      KAFKA_NAMESPACE: databases.mongoDatabase.replace(/[^A-Za-z0-9_-]/g, '-'),
      MONGO_URL: databases.mongoUrl,
      MONGO_DATABASE: databases.mongoDatabase,
      CANDOR_LINK_KEYS: generateLinkKeys(),
      PORT: '0',
      LOG_LEVEL: 'warn',
    };
    mongo = new MongoClient(mongoUrl);
    readModels = mongo.db(databases.mongoDatabase);
    keys = await tokenKeys();
    // identity first: the others check sessions with it
    identity = await start('identity');
    inviteA = await start('invite');
  });

  afterAll(async () => {
    await Promise.allSettled(started.map((service) => service.stop()));
    await mongo?.close();
    await databases?.drop();
  });

  test('a recruiter signs up at identity and creates a job at invite; the read model shows it at once', () =>
    step(async () => {
      const signUp = await call<SignUpResponse>(identity.url, apiPaths.identity.signUp, {
        method: 'POST',
        body: { organisationName: 'E2E Org', name: 'Erin Example', email: `e2e-${randomUUID()}@example.com`, password: 'correct horse battery' },
      });
      expect(signUp.status).toBe(201);
      token = signUp.body.token;

      const created = await call<CommandResult>(inviteA.url, apiPaths.invite.jobs, {
        method: 'POST',
        body: { title: 'Backend engineer', description: 'Event sourcing', questions: [{ text: 'Why Kafka?' }] },
      });
      expect(created.status).toBe(201);
      job = created.body;

      const list = await call<JobListResponse>(inviteA.url, `${apiPaths.invite.jobs}?waitFor=${encodeURIComponent(job.waitFor)}`);
      expect(list.status).toBe(200);
      expect(list.body.caughtUp).toBe(true);
      expect(list.body.jobs).toEqual([
        expect.objectContaining({ id: job.id, title: 'Backend engineer', status: 'active', organisationId: signUp.body.recruiter.organisationId }),
      ]);

      // the same document, read straight from the Mongo-wire server
      expect(await jobDocument(job.id)).toEqual(
        expect.objectContaining({ _id: job.id, title: 'Backend engineer', status: 'active', questions: [expect.objectContaining({ text: 'Why Kafka?' })] }),
      );
    }));

  test('editing and deactivating the job reach the read model', () =>
    step(async () => {
      const edited = await call<CommandResult>(inviteA.url, apiPaths.invite.job(job.id), {
        method: 'PUT',
        body: { title: 'Senior backend engineer', description: 'Event sourcing', questions: [{ text: 'Why Kafka?' }, { text: 'Why Postgres?' }] },
      });
      expect(edited.status).toBe(200);
      const afterEdit = await call<JobResponse>(inviteA.url, `${apiPaths.invite.job(job.id)}?waitFor=${encodeURIComponent(edited.body.waitFor)}`);
      expect(afterEdit.body).toEqual({ caughtUp: true, job: expect.objectContaining({ title: 'Senior backend engineer', status: 'active' }) });
      expect(afterEdit.body.job.questions).toHaveLength(2);

      const deactivated = await call<CommandResult>(inviteA.url, apiPaths.invite.deactivateJob(job.id), { method: 'POST' });
      expect(deactivated.status).toBe(200);
      const inactive = await call<JobListResponse>(
        inviteA.url,
        `${apiPaths.invite.jobs}?status=inactive&waitFor=${encodeURIComponent(deactivated.body.waitFor)}`,
      );
      expect(inactive.body.caughtUp).toBe(true);
      expect(inactive.body.jobs.map((view) => [view.id, view.status])).toEqual([[job.id, 'inactive']]);
      expect(await jobDocument(job.id)).toEqual(expect.objectContaining({ title: 'Senior backend engineer', status: 'inactive' }));
    }));

  test('a second invite replica serves the same read model and sees writes made through the first', () =>
    step(async () => {
      inviteB = await start('invite');
      const b = inviteB.url;

      // both replicas answer reads from the one read model
      const [fromA, fromB] = await Promise.all([
        call<JobListResponse>(inviteA.url, apiPaths.invite.jobs),
        call<JobListResponse>(b, apiPaths.invite.jobs),
      ]);
      expect(fromB.body.jobs).toEqual(fromA.body.jobs);
      expect(fromB.body.jobs.map((view) => view.id)).toEqual([job.id]);

      // written through A, read through B with A's token (and the other way round)
      for (const [writer, reader] of [[inviteA.url, b], [b, inviteA.url]] as const) {
        const title = `Replica job ${randomUUID().slice(0, 8)}`;
        const created = await call<CommandResult>(writer, apiPaths.invite.jobs, { method: 'POST', body: { title, questions: [{ text: 'Q1' }] } });
        expect(created.status).toBe(201);
        const read = await call<JobResponse>(reader, `${apiPaths.invite.job(created.body.id)}?waitFor=${encodeURIComponent(created.body.waitFor)}`);
        expect(read.status).toBe(200);
        expect(read.body).toEqual({ caughtUp: true, job: expect.objectContaining({ id: created.body.id, title }) });
      }
    }));

  // Trace continuity, checked cheaply: the traceparent a caller sends should be stored in the
  // event's metadata (the relay copies it into the Kafka headers, see publish-batch.ts).
  const traceId = randomBytes(16).toString('hex');
  let storedTraceparent: string | null | undefined;

  test('a command sent with a traceparent stores its event with trace metadata', () =>
    step(async () => {
      const created = await call<CommandResult>(inviteA.url, apiPaths.invite.jobs, {
        method: 'POST',
        body: { title: 'Traced job', questions: [{ text: 'Q1' }] },
        headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      });
      expect(created.status).toBe(201);
      const pg = new Client({ connectionString: databases.databaseUrl });
      await pg.connect();
      try {
        const { rows } = await pg.query<{ traceparent: string | null }>(
          `SELECT metadata->>'traceparent' AS traceparent FROM invite.events WHERE stream_id = $1`,
          [created.body.streamId],
        );
        expect(rows).toHaveLength(1);
        storedTraceparent = rows[0]!.traceparent;
      } finally {
        await pg.end();
      }
    }));

  // The event written by the invite process carries the trace of the HTTP request that caused it,
  // so the relay's publish and every consumer continue it (runService installs a context manager).
  test('… and that metadata continues the caller’s trace', () => {
    expect(storedTraceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-0[01]$`));
  });

  test('a service with a bad variable exits non-zero and names it', () =>
    step(async () => {
      const badBrokers = await runServiceToExit('invite', { ...env, KAFKA_BROKERS: 'nohostport' });
      expect(badBrokers.code).not.toBe(0);
      expect(badBrokers.output).toMatch(/KAFKA_BROKERS.*host:port/);

      // identity without its key, and a verifier handed a private key instead of public ones
      const noKey = await runServiceToExit('identity', env);
      expect(noKey.code).not.toBe(0);
      expect(noKey.output).toContain('CANDOR_SIGNING_KEYS');
      const privateToVerifier = await runServiceToExit('media', {
        ...env,
        ...keys.envFor('media', identity.url),
        CANDOR_INVITE_JWKS: keys.envFor('invite').CANDOR_SIGNING_KEYS!,
      });
      expect(privateToVerifier.code).not.toBe(0);
      expect(privateToVerifier.output).toMatch(/CANDOR_INVITE_JWKS.*private key/);
    }));

  test('every service stops gracefully on SIGTERM and leaves no process behind', () =>
    step(async () => {
      const codes = await Promise.all(started.map((service) => service.stop()));
      expect(codes).toEqual(started.map(() => 0));
      // a killed group's members (e.g. tsx's esbuild child) take a moment to be reaped
      const alive = () => started.filter((service) => isAlive(service.pid)).map((service) => service.name);
      for (let waited = 0; alive().length > 0 && waited < 3_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
      expect(alive()).toEqual([]);
    }));
});
