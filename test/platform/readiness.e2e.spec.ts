// /readyz and the lag metrics of a service on the real servers: identity and invite run in this
// process through runService (their real compositions, real HTTP servers on port 0) on fresh
// Postgres and Mongo databases and their own Kafka namespace.
// - all up: ready, every check named;
// - a projection's consumer stopped: not ready (503 problem+json naming it); commands go on, and its
//   lag on /metrics (per partition and per projection) is exactly the events published since; once
//   started again it catches up to 0 and the service is ready again;
// - the database or the document store unreachable for one service (its connection goes through a
//   proxy the test closes): not ready, naming that dependency and nothing else.
// (The broker cannot be cut that way: clients dial the address the broker advertises, not the
// proxy. readiness-broker.e2e.spec.ts kills and restarts a broker of its own instead.)
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { apiPaths, type CommandResult, type SignUpResponse } from '@candor/contracts';
import { composeIdentityService, identityEnv, identityService } from '@candor/identity';
import { composeInviteService, inviteEnv, inviteService } from '@candor/invite';
import { generateLinkKeys } from '@candor/runtime';
import { runService, type RunningService } from '@candor/runtime/distributed';
import { describeWithInfra, type Infra } from '../support/infra';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { createFreshDatabases, type FreshDatabases } from '../distributed/fresh-databases';
import { tokenKeys } from '../distributed/token-keys';
import { sample } from './prometheus-text';

jest.setTimeout(120_000);

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  notReady: string[];
  checks: Record<string, { ok: boolean; detail?: string }>;
}

const readyz = async (service: RunningService) => {
  const response = await fetch(`${service.server.url}/readyz`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as Problem & { status: number | string } };
};

async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describeWithInfra('readiness (/readyz) and lag metrics of a service', ['postgres', 'kafka', 'mongo'], (servers) => {
  let databases: FreshDatabases;
  let keys: Awaited<ReturnType<typeof tokenKeys>>;
  let baseEnv: Record<string, string>;
  const running: RunningService[] = [];
  const proxies: TcpProxy[] = [];
  let identity: RunningService;
  let invite: RunningService;

  const startInvite = async (env: Record<string, string> = {}) => {
    const started = await runService({ ...inviteService, env: inviteEnv, compose: (config, adapters) => composeInviteService(config, adapters) }, {
      ...baseEnv,
      ...keys.envFor('invite', identity.server.url),
      ...env,
    });
    running.push(started);
    return started;
  };

  beforeAll(async () => {
    const { pgUrl, kafkaBrokers, mongoUrl } = servers() as Required<Infra>;
    databases = await createFreshDatabases({ pgUrl, mongoUrl, prefix: 'candor_readyz' });
    keys = await tokenKeys();
    baseEnv = {
      DATABASE_URL: databases.databaseUrl,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKA_NAMESPACE: databases.mongoDatabase.replace(/[^A-Za-z0-9_-]/g, '-'),
      MONGO_URL: databases.mongoUrl,
      MONGO_DATABASE: databases.mongoDatabase,
      CANDOR_LINK_KEYS: generateLinkKeys(),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
    };
    identity = await runService({ ...identityService, env: identityEnv, compose: composeIdentityService }, { ...baseEnv, ...keys.envFor('identity') });
    running.push(identity);
    invite = await startInvite();
  });

  afterAll(async () => {
    for (const service of running.reverse()) await service.stop().catch(() => {});
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await databases?.drop();
  });

  test('ready when the database, the broker and the document store answer and every consumer runs', async () => {
    for (const service of [identity, invite]) {
      const { status, body } = await readyz(service);
      expect(status).toBe(200);
      expect(body.status).toBe('ready');
      for (const check of ['database', 'documents', 'broker']) expect(body.checks[check]).toEqual({ ok: true });
    }
    const { body } = await readyz(invite);
    // invite's four read models, each with its lag
    for (const projection of ['jobs', 'invites', 'live-templates', 'live-interviews']) {
      expect(body.checks[`projection invite.${projection}`]).toEqual({ ok: true, detail: expect.stringMatching(/^\d+ messages behind$/) });
    }
    // liveness is a separate, dependency-free answer
    expect((await fetch(`${invite.server.url}/healthz`)).status).toBe(200);
  });

  test('a stopped projection: not ready, named; its lag is exactly what was published since; back to 0 and ready once it runs', async () => {
    const jobs = invite.consumers.find((consumer) => consumer.kind === 'projection' && consumer.groupId === 'projection.invite.jobs')!;
    expect(jobs).toBeDefined();
    const scrape = async () => (await fetch(`${invite.server.url}/metrics`)).text();
    const projectionLag = (text: string) => sample(text, 'candor_projection_lag', { projection: jobs.name });
    const partitionLags = (text: string) =>
      [0, 1, 2].map((partition) => sample(text, 'candor_consumer_lag', { group: 'projection.invite.jobs', topic: 'candor.invite.events', partition: String(partition) }));
    // settled first: nothing behind
    await until('every projection is at 0', scrape, (text) => /candor_projection_lag\{/.test(text) && !/candor_projection_lag\{[^}]*\} [1-9]/.test(text));

    await jobs.stop();
    const notReady = await readyz(invite);
    expect(notReady.status).toBe(503);
    expect(notReady.type).toContain('application/problem+json');
    expect(notReady.body.title).toBe('Not ready');
    expect(notReady.body.notReady).toEqual([`projection ${jobs.name}`]);
    expect(notReady.body.detail).toContain('projection.invite.jobs is not consuming');

    const pg = new Client({ connectionString: databases.databaseUrl });
    await pg.connect();
    const events = async () => Number((await pg.query<{ n: string }>('SELECT count(*) AS n FROM invite.events')).rows[0]!.n);
    try {
      const before = await events();
      const post = async <T>(url: string, body: unknown, bearer?: string) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as T };
      };
      const signUp = await post<SignUpResponse>(identity.server.url + apiPaths.identity.signUp, {
        organisationName: 'Lag Org', name: 'Lou', email: `lag-${randomUUID()}@example.com`, password: 'correct horse battery',
      });
      expect(signUp.status).toBe(201);
      for (let i = 0; i < 3; i++) {
        const job = await post<CommandResult>(invite.server.url + apiPaths.invite.jobs, { title: `Lagging ${i}`, questions: [{ text: 'Behind?' }] }, signUp.body.token);
        expect(job.status).toBe(201);
      }
      const appended = (await events()) - before;
      expect(appended).toBeGreaterThanOrEqual(3);

      // once the relay published them, the stopped group is behind by exactly those, the others by none
      const behind = await until('the stopped projection is behind by every published event', scrape, (text) => projectionLag(text) === appended);
      expect(partitionLags(behind).reduce((sum, lag) => sum + lag, 0)).toBe(appended);
      await until('the running projections caught up', scrape, (text) => sample(text, 'candor_projection_lag', { projection: 'invite.invites' }) === 0);

      await jobs.start();
      const caughtUp = await until('the restarted projection caught up', scrape, (text) => projectionLag(text) === 0);
      expect(partitionLags(caughtUp)).toEqual([0, 0, 0]);
      const ready = await until('ready again', () => readyz(invite), ({ status }) => status === 200);
      expect(ready.body.checks[`projection ${jobs.name}`]).toEqual({ ok: true, detail: '0 messages behind' });
    } finally {
      await pg.end();
    }
  });

  test.each([
    ['database', 'DATABASE_URL'],
    ['documents', 'MONGO_URL'],
  ] as const)('the %s unreachable: not ready, naming it and nothing else', async (check, variable) => {
    const url = new URL(baseEnv[variable]!);
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
    proxies.push(proxy);
    url.host = `127.0.0.1:${proxy.port}`;
    // its own namespace: its consumer groups must not take partitions from the other invite
    const service = await startInvite({ [variable]: url.toString(), KAFKA_NAMESPACE: `${baseEnv.KAFKA_NAMESPACE}-${check}` });
    expect((await readyz(service)).status).toBe(200);

    await proxy.close();
    const { status, type, body } = await until(`not ready without the ${check}`, () => readyz(service), (answer) => answer.status === 503);
    expect(status).toBe(503);
    expect(type).toContain('application/problem+json');
    expect(body.notReady).toEqual([check]);
    expect(body.checks[check]!.ok).toBe(false);
    expect(body.detail).toContain(`${check} (`);
    expect(body.checks.broker).toEqual({ ok: true });
  });
});
