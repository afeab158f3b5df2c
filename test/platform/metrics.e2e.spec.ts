// /metrics of a service process (Prometheus text format), scraped before and after real traffic:
// identity and invite run as their own processes (each with its own signing key; invite checks the
// recruiter's session against identity) on real Postgres, Kafka and FerretDB; a recruiter
// signs up, creates a job, invites (and sends one bad request); the request counters and duration
// histogram move by exactly those requests, per route template, the event store appends by the two
// commands, the outbox backlog is a number that drains to zero once the relay published, and the
// projections' consumer lag (per group and partition) and projection lag are there and reach zero.
import { randomUUID } from 'node:crypto';
import { apiPaths, type CommandResult, type SignUpResponse } from '@candor/contracts';
import { generateLinkKeys } from '@candor/runtime';
import { describeWithInfra, type Infra } from '../support/infra';
import { createFreshDatabases, type FreshDatabases } from '../distributed/fresh-databases';
import { startService, type ServiceProcess } from '../distributed/service-process';
import { tokenKeys } from '../distributed/token-keys';
import { sample } from './prometheus-text';

describeWithInfra('Prometheus metrics of a service process', ['postgres', 'kafka', 'mongo'], (servers) => {
  let databases: FreshDatabases;
  const started: Record<string, ServiceProcess> = {};

  beforeAll(async () => {
    const { pgUrl, kafkaBrokers, mongoUrl } = servers() as Required<Infra>;
    databases = await createFreshDatabases({ pgUrl, mongoUrl, prefix: 'candor_metrics' });
    const env = {
      DATABASE_URL: databases.databaseUrl,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKA_NAMESPACE: databases.mongoDatabase.replace(/[^A-Za-z0-9_-]/g, '-'),
      MONGO_URL: databases.mongoUrl,
      MONGO_DATABASE: databases.mongoDatabase,
      CANDOR_LINK_KEYS: generateLinkKeys(),
      PORT: '0',
    };
    // identity first: invite checks recruiter sessions against it (its JWKS and its log-out list)
    const keys = await tokenKeys();
    started.identity = await startService('identity', { ...env, ...keys.envFor('identity') });
    started.invite = await startService('invite', { ...env, ...keys.envFor('invite', started.identity.url) });
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(Object.values(started).map((service) => service.stop()));
    await databases?.drop();
  }, 60_000);

  const scrape = async (service: string) => {
    const response = await fetch(`${started[service]!.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };

  test('the counters move by the traffic, per route template and status; the outbox backlog drains', async () => {
    const before = await scrape('invite');
    const post = async <T>(service: string, path: string, body: unknown, bearer?: string) => {
      const response = await fetch(started[service]!.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as T };
    };
    const signUp = await post<SignUpResponse>('identity', apiPaths.identity.signUp, {
      organisationName: 'Metrics Org', name: 'Rita', email: `metrics-${randomUUID()}@example.com`, password: 'correct horse battery',
    });
    expect(signUp.status).toBe(201);
    const token = signUp.body.token;
    const job = await post<CommandResult>('invite', apiPaths.invite.jobs, { title: 'Observer', questions: [{ text: 'What moved?' }] }, token);
    expect(job.status).toBe(201);
    const invite = await post('invite', apiPaths.invite.invites, { jobId: job.body.id, candidateName: 'Chidi', candidateEmail: `c-${randomUUID().slice(0, 8)}@example.com` }, token);
    expect(invite.status).toBe(201);
    const bad = await post('invite', apiPaths.invite.jobs, { title: '' }, token);
    expect(bad.status).toBe(400);

    const after = await scrape('invite');
    const requests = (text: string, route: string, status: string) => sample(text, 'candor_http_requests_total', { method: 'POST', route, status, service: 'invite' });
    expect(requests(after, apiPaths.invite.jobs, '201') - requests(before, apiPaths.invite.jobs, '201')).toBe(1);
    expect(requests(after, apiPaths.invite.invites, '201') - requests(before, apiPaths.invite.invites, '201')).toBe(1);
    expect(requests(after, apiPaths.invite.jobs, '400') - requests(before, apiPaths.invite.jobs, '400')).toBe(1);
    const observed = (text: string) => sample(text, 'candor_http_request_duration_seconds_count', { method: 'POST', route: apiPaths.invite.jobs, status_class: '2xx' });
    expect(observed(after) - observed(before)).toBe(1);
    const appends = (text: string) => sample(text, 'candor_event_store_appends_total', { service: 'invite' });
    expect(appends(after) - appends(before)).toBe(2);
    // the process metrics are there too
    expect(sample(after, 'process_resident_memory_bytes', { service: 'invite' })).toBeGreaterThan(0);
    // no label value is a raw path with an id in it
    expect(after).not.toContain(job.body.id);

    // the relay publishes what the commands appended: the backlog gauge reaches zero
    const until = Date.now() + 20_000;
    let backlog = Number.NaN;
    while (Date.now() < until) {
      const text = await scrape('invite');
      expect(text).toMatch(/^candor_outbox_backlog\{service="invite"\} \d+$/m);
      backlog = sample(text, 'candor_outbox_backlog', { service: 'invite' });
      if (backlog === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(backlog).toBe(0);

    // and the read models consume them: every projection's group has a lag sample per partition of
    // the invite topic, and the lags come down to 0 (test/platform/readiness.e2e.spec.ts sees a
    // stopped projection's lag rise by exactly what was published)
    const projections = ['invite.jobs', 'invite.invites', 'invite.live-templates', 'invite.live-interviews'];
    let text = '';
    const lagUntil = Date.now() + 20_000;
    while (Date.now() < lagUntil) {
      text = await scrape('invite');
      if (projections.every((projection) => text.includes(`candor_projection_lag{projection="${projection}"`) && sample(text, 'candor_projection_lag', { projection }) === 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    for (const projection of projections) {
      expect([projection, sample(text, 'candor_projection_lag', { projection, service: 'invite' })]).toEqual([projection, 0]);
      for (const partition of ['0', '1', '2']) {
        expect(text).toMatch(new RegExp(`^candor_consumer_lag\\{group="projection\\.${projection.replace('.', '\\.')}",topic="candor\\.invite\\.events",partition="${partition}",service="invite"\\} 0$`, 'm'));
      }
    }
  }, 60_000);
});
