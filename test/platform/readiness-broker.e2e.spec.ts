// /readyz when the broker goes away and comes back: identity (no consumer groups: only its outbox
// relay talks to Kafka) and invite (projections and their lag) run in this process through
// runService on the shared Postgres and FerretDB, but on a Kafka broker of this suite's own
// (test/faults/own-servers.ts: the cached jars, free ports, its own data folder), which it kills —
// never the shared one on 59092. While the broker is down both answer 503 problem+json naming the
// broker, and only what depends on it; once it is back both are ready again without a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeIdentityService, identityEnv, identityService } from '@candor/identity';
import { composeInviteService, inviteEnv, inviteService } from '@candor/invite';
import { generateLinkKeys } from '@candor/runtime';
import { runService, type RunningService } from '@candor/runtime/distributed';
import { describeWithInfra, type Infra } from '../support/infra';
import { createFreshDatabases, type FreshDatabases } from '../distributed/fresh-databases';
import { tokenKeys } from '../distributed/token-keys';
import { javaMissing, kafkaLibs, startOwnKafka, type OwnKafka } from '../faults/own-servers';

// a broker of its own starts in 20-60 s on this machine, and is started twice
jest.setTimeout(240_000);

interface Answer {
  status: number;
  type: string;
  body: { status: number | string; title?: string; detail?: string; notReady?: string[]; checks: Record<string, { ok: boolean; detail?: string }> };
}

const readyz = async (service: RunningService): Promise<Answer> => {
  const response = await fetch(`${service.server.url}/readyz`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as Answer['body'] };
};

async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const missing = [javaMissing(), kafkaLibs() ? undefined : 'the Kafka jars are not cached (bash deploy/infra/kafka.sh install, or CANDOR_KAFKA_LIBS)'].filter(Boolean);

describeWithInfra('readiness when the broker is unreachable and back', ['postgres', 'mongo'], (servers) => {
  if (missing.length) {
    // not a server the environment provides but one this suite starts: what it needs is a build product
    test('the suite can run its own Kafka broker', () => {
      throw new Error(missing.join('; '));
    });
    return;
  }
  const kafkaDir = mkdtempSync(join(tmpdir(), 'candor-readyz-kafka-'));
  let kafka: OwnKafka;
  let databases: FreshDatabases;
  const running: RunningService[] = [];
  let identity: RunningService;
  let invite: RunningService;

  beforeAll(async () => {
    const { pgUrl, mongoUrl } = servers() as Required<Infra>;
    [kafka, databases] = await Promise.all([startOwnKafka(kafkaDir, kafkaLibs()!), createFreshDatabases({ pgUrl, mongoUrl, prefix: 'candor_readyz_broker' })]);
    const keys = await tokenKeys();
    const env = {
      DATABASE_URL: databases.databaseUrl,
      KAFKA_BROKERS: kafka.brokers,
      KAFKA_NAMESPACE: 'readyz',
      MONGO_URL: databases.mongoUrl,
      MONGO_DATABASE: databases.mongoDatabase,
      CANDOR_LINK_KEYS: generateLinkKeys(),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'fatal',
    };
    identity = await runService({ ...identityService, env: identityEnv, compose: composeIdentityService }, { ...env, ...keys.envFor('identity') });
    running.push(identity);
    invite = await runService(
      { ...inviteService, env: inviteEnv, compose: (config, adapters) => composeInviteService(config, adapters) },
      { ...env, ...keys.envFor('invite', identity.server.url) },
    );
    running.push(invite);
  });

  afterAll(async () => {
    for (const service of running.reverse()) await service.stop().catch(() => {});
    await kafka?.stop().catch(() => {});
    await databases?.drop();
    rmSync(kafkaDir, { recursive: true, force: true });
  });

  test('ready with the broker up; 503 naming the broker while it is down; ready again once it is back', async () => {
    for (const service of [identity, invite]) {
      const answer = await until('ready on the own broker', () => readyz(service), ({ status }) => status === 200);
      expect(answer.body.checks.broker).toEqual({ ok: true });
    }

    kafka.kill();
    for (const service of [identity, invite]) {
      const { status, type, body } = await until('not ready without the broker', () => readyz(service), (answer) => answer.status === 503);
      expect(status).toBe(503);
      expect(type).toContain('application/problem+json');
      expect(body.title).toBe('Not ready');
      expect(body.notReady).toContain('broker');
      expect(body.checks.broker!.ok).toBe(false);
      expect(body.checks.broker!.detail).toEqual(expect.any(String));
      expect(body.detail).toContain('broker (');
      // what does not depend on the broker is still reported as fine
      expect(body.checks.database).toEqual({ ok: true });
      expect(body.checks.documents).toEqual({ ok: true });
    }

    await kafka.start();
    for (const service of [identity, invite]) {
      const { body } = await until('ready again with the broker back', () => readyz(service), ({ status }) => status === 200, 120_000);
      expect(body.status).toBe('ready');
      expect(body.checks.broker).toEqual({ ok: true });
    }
  });
});
