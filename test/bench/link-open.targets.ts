// What link-open.bench.ts measures: Candor set up in one of two ways with a candidate link and a live
// link ready to open, and the bare express apps that do the same request's irreducible work.
//
// - `embedded`: startEmbedded, what `npm start` runs (PGlite, in-process bus, memory read models; the
//   process is the only writer: stream cache, folded states, rate-limit counters in memory).
// - `postgres`: identity, invite and session composed with the distributed mode's database adapters on
//   a real Postgres server — each service its own client and schema, its event store and rate-limit
//   counters in Postgres, no stream cache (replicas could write) — mounted on one server in this
//   process. The bus is in-process (Kafka is not on a link open's path: the open reads the write
//   model). Needs `npm run infra:up`.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { Client } from 'pg';
import {
  apiPaths,
  liveLinkPrefixes,
  type CommandResult,
  type CreateInviteResponse,
  type ScheduleLiveInterviewResponse,
  type SignUpResponse,
} from '@candor/contracts';
import { embeddedEnv, startEmbedded } from '@candor/embedded';
import { composeIdentityService } from '@candor/identity';
import { composeInviteService } from '@candor/invite';
import { composeSessionService } from '@candor/session';
import {
  createHttpApp,
  createInProcessBus,
  createLiveTokens,
  createLogger,
  createMemoryDocumentStore,
  finishHttpApp,
  generateLinkKeys,
  generateSigningKey,
  loadConfig,
  ownTokenKeys,
  parseLinkKeys,
  publicKeysOf,
  startHttpServer,
  tokenIssuers,
  type ComposedService,
  type LinkRateLimits,
} from '@candor/runtime';
import { createPgClient } from '@candor/runtime/postgres';

const logger = createLogger('bench', 'silent');
// the limits guard against guessing; the bench is one client address opening one link very often
const unlimited = { windowMs: 60_000, limit: 1e9 };
export const benchLinkRateLimits: LinkRateLimits = { opens: unlimited, refusals: unlimited, perLink: unlimited };

export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RunningCandor {
  url: string;
  stop(): Promise<void>;
}

export async function embeddedCandor(): Promise<RunningCandor> {
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-bench-'));
  const candor = await startEmbedded(
    loadConfig(embeddedEnv, { PORT: '0', LOG_LEVEL: 'silent', CANDOR_DATA_DIR: dataDir, CANDOR_DEMO: 'off' }),
    { logger, linkRateLimits: benchLinkRateLimits },
  );
  return {
    url: candor.url,
    async stop() {
      await candor.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(`${dataDir}-secrets`, { recursive: true, force: true });
    },
  };
}

export async function postgresCandor(pgUrl: string): Promise<RunningCandor> {
  const database = `candor_bench_links_${randomBytes(5).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await admin(`CREATE DATABASE "${database}"`);
  const url = new URL(pgUrl);
  url.pathname = `/${database}`;
  const bus = createInProcessBus();
  const identityKeys = [await generateSigningKey()];
  const linkKeys = parseLinkKeys(generateLinkKeys());
  const app = createHttpApp({ logger });
  const server = await startHttpServer(app, { port: 0, host: '127.0.0.1' });
  const sessionChecks = { CANDOR_IDENTITY_URL: server.url, CANDOR_IDENTITY_JWKS: { jwks: publicKeysOf(identityKeys) } };
  const clients: ReturnType<typeof createPgClient>[] = [];
  // each service its own database client, as each of its processes has
  const adapters = () => {
    const sql = createPgClient(url.toString());
    clients.push(sql);
    return { sql, bus, documents: createMemoryDocumentStore(), logger };
  };
  const services: ComposedService[] = [
    await composeIdentityService({ CANDOR_SIGNING_KEYS: identityKeys }, adapters()),
    await composeInviteService(
      { ...sessionChecks, CANDOR_SIGNING_KEYS: [await generateSigningKey()], CANDOR_LINK_KEYS: linkKeys },
      adapters(),
      { linkRateLimits: benchLinkRateLimits },
    ),
    // the session service's settings as the embedded mode parses them (the analyser's, none needed here)
    await composeSessionService({ ...loadConfig(embeddedEnv, { CANDOR_DATA_DIR: tmpdir() }), ...sessionChecks, CANDOR_LINK_KEYS: linkKeys }, adapters(), {
      linkRateLimits: benchLinkRateLimits,
    }),
  ];
  for (const service of services) app.use(service.mountPath, service.router);
  finishHttpApp(app, logger);
  return {
    url: server.url,
    async stop() {
      for (const service of services) await service.close();
      await server.close();
      for (const service of services) await service.stop();
      await bus.close();
      for (const sql of clients) await sql.close();
      await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    },
  };
}

/** A recruiter, a job with five questions, an invite, a scheduled live interview: the links to open. */
export async function linksOn(candor: RunningCandor): Promise<{ candidate: BenchRequest; live: BenchRequest; candidateBody: string; liveBody: string }> {
  const post = async <T>(path: string, body: unknown, token?: string) => {
    const response = await fetch(candor.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const { token: recruiter } = await post<SignUpResponse>(apiPaths.identity.signUp, {
    organisationName: 'Bench Org',
    name: 'Bench Recruiter',
    email: `bench.${Date.now().toString(36)}@example.com`,
    password: 'bench password 123',
  });
  const job = await post<CommandResult>(
    apiPaths.invite.jobs,
    { title: 'Bench job', questions: Array.from({ length: 5 }, (_, index) => ({ text: `Question ${index + 1}?` })) },
    recruiter,
  );
  const invite = await post<CreateInviteResponse>(
    apiPaths.invite.invites,
    { jobId: job.id, candidateEmail: 'candidate@example.com' },
    recruiter,
  );
  const candidate: BenchRequest = {
    method: 'GET',
    path: apiPaths.session.candidate,
    headers: { authorization: `Bearer ${invite.link.path.slice('/i/'.length)}` },
  };
  const template = await post<CommandResult>(apiPaths.invite.liveTemplates, { name: 'Bench panel', durationMinutes: 30 }, recruiter);
  const scheduled = await post<ScheduleLiveInterviewResponse>(
    apiPaths.invite.liveInterviews,
    {
      templateId: template.id,
      candidateName: 'Bench Candidate',
      candidateEmail: 'c@example.com',
      startsAt: `${new Date().getFullYear() + 1}-01-15T10:00`,
      timeZone: 'UTC',
    },
    recruiter,
  );
  const live: BenchRequest = {
    method: 'POST',
    path: apiPaths.invite.openLiveLink,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: scheduled.links.candidate!.path.slice(liveLinkPrefixes.candidate.length), role: 'candidate' }),
  };
  // the session is created by a policy: wait until the open works, and keep the real bodies for the bare apps
  const answer = async (request: BenchRequest) => {
    for (let tries = 0; ; tries++) {
      const response = await fetch(candor.url + request.path, request);
      if (response.ok) return response.text();
      if (tries > 50) throw new Error(`${request.path} never answered: ${response.status} ${await response.text()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return { candidate, live, candidateBody: await answer(candidate), liveBody: await answer(live) };
}

/**
 * The bare express app: the same requests, answered with the same bodies; the live-link open signs a
 * live token as Candor does (EdDSA, jose), since that is work any implementation must do.
 */
export async function bareExpress(bodies: { candidateBody: string; liveBody: string }) {
  const liveTokens = createLiveTokens(await ownTokenKeys(tokenIssuers.invite, [await generateSigningKey()]));
  const live = JSON.parse(bodies.liveBody) as Record<string, unknown>;
  const app = express();
  app.get(apiPaths.session.candidate, (_req, res) => {
    res.type('application/json').send(bodies.candidateBody);
  });
  app.post(apiPaths.invite.openLiveLink, express.json(), (_req, res, next) => {
    liveTokens.sign({ sub: 'bench', org: 'bench', role: 'candidate', lid: 'bench' }).then(({ token, expiresAt }) => {
      res.json({ ...live, liveToken: token, expiresAt });
    }, next);
  });
  return startHttpServer(app, { port: 0, host: '127.0.0.1' });
}
