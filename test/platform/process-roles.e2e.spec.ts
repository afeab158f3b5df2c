// A distributed service split in two processes (CANDOR_ROLE): the invite service's `commands`
// process (HTTP API, event store, outbox relay) and its `consumers` process (projections, policies),
// each through runService as its main runs it, on the real servers with fresh databases and their
// own Kafka namespace. What must hold:
// - read-your-writes across them: a job created on `commands` is read there with `waitFor` (the
//   consumers process applied it; the commands process learns it from the shared checkpoints);
// - `commands` consumes nothing (its consumer groups are the consumers process's alone), and
//   `consumers` serves no API, only its probes and metrics;
// - both are ready, each about what it runs.
import { randomUUID } from 'node:crypto';
import { apiPaths, type CommandResult, type SignUpResponse } from '@candor/contracts';
import { composeIdentityService, identityEnv, identityService } from '@candor/identity';
import { composeInviteService, inviteEnv, inviteService } from '@candor/invite';
import { generateLinkKeys } from '@candor/runtime';
import { runService, type RunningService } from '@candor/runtime/distributed';
import { describeWithInfra, type Infra } from '../support/infra';
import { createFreshDatabases, type FreshDatabases } from '../distributed/fresh-databases';
import { tokenKeys } from '../distributed/token-keys';

jest.setTimeout(120_000);

describeWithInfra('a service split in two processes (CANDOR_ROLE)', ['postgres', 'kafka', 'mongo'], (servers) => {
  let databases: FreshDatabases;
  const running: RunningService[] = [];
  let identity: RunningService;
  let commands: RunningService;
  let consumers: RunningService;

  beforeAll(async () => {
    const { pgUrl, kafkaBrokers, mongoUrl } = servers() as Required<Infra>;
    databases = await createFreshDatabases({ pgUrl, mongoUrl, prefix: 'candor_roles' });
    const keys = await tokenKeys();
    const baseEnv = {
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
    const invite = (role: string) =>
      runService({ ...inviteService, env: inviteEnv, compose: (config, adapters) => composeInviteService(config, adapters) }, {
        ...baseEnv,
        ...keys.envFor('invite', identity.server.url),
        CANDOR_ROLE: role,
      });
    consumers = await invite('consumers');
    running.push(consumers);
    commands = await invite('commands');
    running.push(commands);
  });

  afterAll(async () => {
    for (const service of running.reverse()) await service.stop().catch(() => {});
    await databases?.drop();
  });

  test('a job created on the commands process is read there with waitFor, applied by the consumers process', async () => {
    const post = async <T>(url: string, body: unknown, bearer?: string) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as T };
    };
    const signUp = await post<SignUpResponse>(identity.server.url + apiPaths.identity.signUp, {
      organisationName: 'Split Org', name: 'Sam', email: `split-${randomUUID()}@example.com`, password: 'correct horse battery',
    });
    expect(signUp.status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const created = await post<CommandResult>(commands.server.url + apiPaths.invite.jobs, { title: `Split ${i}`, questions: [{ text: 'Two cores?' }] }, signUp.body.token);
      expect(created.status).toBe(201);
      const read = await fetch(`${commands.server.url}${apiPaths.invite.jobs}/${created.body.id}?waitFor=${encodeURIComponent(created.body.waitFor)}`, {
        headers: { authorization: `Bearer ${signUp.body.token}` },
      });
      expect(read.status).toBe(200);
      const { job, caughtUp } = (await read.json()) as { job: { title: string }; caughtUp: boolean };
      expect(caughtUp).toBe(true);
      expect(job.title).toBe(`Split ${i}`);
    }
  });

  test('commands consumes nothing; consumers serves no API; each is ready about what it runs', async () => {
    expect(commands.consumers).toEqual([]);
    expect(consumers.consumers.map((consumer) => consumer.groupId)).toEqual(
      expect.arrayContaining(['projection.invite.jobs', 'projection.invite.invites']),
    );
    expect(consumers.consumers.every((consumer) => consumer.running())).toBe(true);
    expect(Object.values(commands.host.runners).some((runner) => runner.running())).toBe(false);

    const noApi = await fetch(consumers.server.url + apiPaths.invite.jobs);
    expect(noApi.status).toBe(404);
    expect((await fetch(`${commands.server.url}${apiPaths.invite.jobs}`)).status).toBe(401); // there, behind its guard

    for (const service of [commands, consumers]) {
      expect((await fetch(`${service.server.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${service.server.url}/readyz`);
      const body = (await ready.json()) as { checks: Record<string, unknown> };
      expect(ready.status).toBe(200);
      const projectionChecks = Object.keys(body.checks).filter((name) => name.startsWith('projection '));
      expect(projectionChecks.length > 0).toBe(service === consumers);
    }
  });
});
