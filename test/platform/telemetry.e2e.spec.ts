// Traces leave the processes and join up in a real collector: Jaeger all-in-one (built from its Go
// module by deploy/jaeger.sh) receives OTLP/HTTP from identity, invite, session and notification
// running as separate processes on real Postgres, Kafka and FerretDB. One recruiter action (invite a
// candidate) must give one trace that holds the HTTP request, the command, the append, the Kafka
// publish and the consumers in at least three services; and no span anywhere carries the link token.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { apiPaths, type CommandResult, type CreateInviteResponse, type SignUpResponse } from '@candor/contracts';
import { generateLinkKeys } from '@candor/runtime';
import { describeWithInfra, REPO_ROOT, type Infra } from '../support/infra';
import { createFreshDatabases, type FreshDatabases } from '../distributed/fresh-databases';
import { startService, type ServiceProcess } from '../distributed/service-process';
import { tokenKeys } from '../distributed/token-keys';

const OTLP_HTTP = '127.0.0.1:24318';
const QUERY_HTTP = '127.0.0.1:26686';

interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  processID: string;
  tags: { key: string; value: unknown }[];
  logs: { fields: { key: string; value: unknown }[] }[];
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

describeWithInfra('traces exported over OTLP to Jaeger, one trace across services', ['postgres', 'kafka', 'mongo'], (servers) => {
  let jaeger: ChildProcess | undefined;
  let jaegerOutput = '';
  let databases: FreshDatabases;
  const started: Record<string, ServiceProcess> = {};

  async function until<T>(read: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${jaegerOutput.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  beforeAll(async () => {
    const binary = execFileSync('bash', [join(REPO_ROOT, 'deploy', 'jaeger.sh')], { encoding: 'utf8', timeout: 1_500_000 }).trim();
    jaeger = spawn(binary, [
      `--collector.otlp.http.host-port=${OTLP_HTTP}`,
      '--collector.otlp.grpc.host-port=127.0.0.1:24317',
      `--query.http-server.host-port=${QUERY_HTTP}`,
      '--query.grpc-server.host-port=127.0.0.1:26685',
      '--admin.http.host-port=127.0.0.1:24269',
      '--collector.http-server.host-port=127.0.0.1:24268',
      '--collector.grpc-server.host-port=127.0.0.1:24250',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    jaeger.stdout!.setEncoding('utf8').on('data', (chunk: string) => (jaegerOutput += chunk));
    jaeger.stderr!.setEncoding('utf8').on('data', (chunk: string) => (jaegerOutput += chunk));
    await until(async () => ((await fetch(`http://${QUERY_HTTP}/api/services`)).ok ? true : undefined), 60_000, 'Jaeger to answer');

    const { pgUrl, kafkaBrokers, mongoUrl } = servers() as Required<Infra>;
    databases = await createFreshDatabases({ pgUrl, mongoUrl, prefix: 'candor_otel' });
    const env = {
      DATABASE_URL: databases.databaseUrl,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKA_NAMESPACE: databases.mongoDatabase.replace(/[^A-Za-z0-9_-]/g, '-'),
      MONGO_URL: databases.mongoUrl,
      MONGO_DATABASE: databases.mongoDatabase,
      CANDOR_LINK_KEYS: generateLinkKeys(),
      CANDOR_PUBLIC_URL: 'https://candor.example.test',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://${OTLP_HTTP}`,
      PORT: '0',
    };
    // identity first: the others check recruiter sessions against it (its JWKS and its log-out list)
    const keys = await tokenKeys();
    started.identity = await startService('identity', { ...env, ...keys.envFor('identity') });
    for (const name of ['invite', 'session', 'notification']) started[name] = await startService(name, { ...env, ...keys.envFor(name, started.identity.url) });
  }, 1_700_000);

  afterAll(async () => {
    await Promise.allSettled(Object.values(started).map((service) => service.stop()));
    await databases?.drop();
    if (jaeger && jaeger.exitCode === null) {
      const exited = new Promise((resolve) => jaeger!.once('exit', resolve));
      jaeger.kill('SIGTERM');
      await exited;
    }
  }, 60_000);

  test('inviting a candidate is one trace: HTTP, command, append, publish, and consumers in three services; no token in any span', async () => {
    const call = async <T>(service: string, path: string, body: unknown, bearer?: string) => {
      const response = await fetch(started[service]!.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as T };
    };
    const signUp = await call<SignUpResponse>('identity', apiPaths.identity.signUp, {
      organisationName: 'Trace Org', name: 'Rita', email: `trace-${randomUUID()}@example.com`, password: 'correct horse battery',
    });
    expect(signUp.status).toBe(201);
    const job = await call<CommandResult>('invite', apiPaths.invite.jobs, { title: 'Tracer', questions: [{ text: 'Why?' }] }, signUp.body.token);
    expect(job.status).toBe(201);
    const invite = await call<CreateInviteResponse>('invite', apiPaths.invite.invites, { jobId: job.body.id, candidateName: 'Chidi', candidateEmail: `c-${randomUUID().slice(0, 8)}@example.com` }, signUp.body.token);
    expect(invite.status).toBe(201);
    const token = invite.body.link.path.slice('/i/'.length);

    // the trace of the invite: its HTTP span is the POST to the invites path; wait until the
    // consumers in the other services have reported into it
    const trace = await until(async () => {
      const answer = (await (await fetch(`http://${QUERY_HTTP}/api/traces?service=invite&limit=50&lookback=1h`)).json()) as { data: JaegerTrace[] };
      const candidates = answer.data.filter((t) => t.spans.some((span) => span.operationName.startsWith('command') && span.tags.some((tag) => tag.key === 'candor.stream_id' && String(tag.value) === `invite-${invite.body.id}`)));
      const complete = candidates.find((t) => new Set(t.spans.map((span) => t.processes[span.processID]!.serviceName)).size >= 3);
      return complete;
    }, 60_000, 'one trace across three services');

    const services = new Set(trace.spans.map((span) => trace.processes[span.processID]!.serviceName));
    expect([...services]).toEqual(expect.arrayContaining(['invite']));
    expect(services.size).toBeGreaterThanOrEqual(3);
    const operations = trace.spans.map((span) => span.operationName);
    expect(operations).toEqual(expect.arrayContaining(['HTTP POST', 'event-store append', expect.stringMatching(/^command /), expect.stringMatching(/^publish /)]));
    const kinds = trace.spans.map((span) => span.tags.find((tag) => tag.key === 'span.kind')?.value);
    expect(kinds).toEqual(expect.arrayContaining(['server', 'producer', 'consumer']));
    for (const span of trace.spans) expect(span.traceID).toBe(trace.traceID);

    // no token anywhere the collector holds for these services
    for (const service of services) {
      const all = await (await fetch(`http://${QUERY_HTTP}/api/traces?service=${service}&limit=500&lookback=1h`)).text();
      expect([service, all.includes(token)]).toEqual([service, false]);
    }
  }, 120_000);
});
