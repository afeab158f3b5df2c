// Test support for the session service's API suites (not exported): the session service over real
// HTTP on port 0 with PGlite in memory, the in-process bus and memory read models, next to an
// `invite` event store whose events reach the session service's policy through its outbox relay
// and the bus, as in the embedded mode.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { inviteEventNames, inviteLinkPurpose, topics, type Analysis, type RecordedEvent } from '@candor/contracts';
import {
  createHttpApp,
  createInProcessBus,
  createLogger,
  createMemoryDocumentStore,
  createPolicyRunner,
  createServiceHost,
  createLinkTokens,
  createSessionTokens,
  generateSigningKey,
  ownTokenKeys,
  tokenIssuers,
  finishHttpApp,
  generateLinkKeys,
  parseLinkKeys,
  startHttpServer,
  sqlRateLimitStores,
  type PolicyRunner,
} from '@candor/runtime';
import { createPgliteClient } from '@candor/runtime/pglite';
import type { Analyser, AnalysisInput } from '../src/analysis';
import { createSessionService, sessionProjections, sessionService, type SessionServiceDeps } from '../src/service';


/** An analyser that counts its runs; it can be made to fail or to take its time. */
export function fakeAnalyser() {
  const state = { runs: 0, fail: false, delayMs: 0 };
  const analyser: Analyser & { state: typeof state } = {
    kind: 'builtin',
    name: 'Counting test analyser',
    version: '1',
    state,
    async analyse(input: AnalysisInput): Promise<Analysis> {
      state.runs++;
      if (state.delayMs) await sleep(state.delayMs);
      if (state.fail) throw new Error('the model is down');
      const first = input.questions[0]!;
      return {
        analyser: { kind: 'builtin', name: 'Counting test analyser', version: '1' },
        answers: input.questions.map((question) => ({ questionId: question.id, assessment: 'Clear.', score: 4 })),
        summary: `Run ${state.runs}.`,
        strengths: [{ point: 'Concrete', questionId: first.id, quote: (first.answer ?? '').slice(0, 10) }],
        concerns: [],
        suggestedScore: 4,
        producedAt: new Date().toISOString(),
      };
    },
  };
  return analyser;
}

export interface NewCandidate {
  name?: string;
  email?: string;
  jobId?: string;
  questions?: string[];
  /** chosen ahead, to hold a token for a session that does not exist yet */
  sessionId?: string;
  linkId?: string;
}

export interface InvitedCandidate {
  sessionId: string;
  organisationId: string;
  linkId: string;
  jobId: string;
  questionIds: string[];
}

export async function startSessionHarness(
  {
    rateLimitsInDatabase = false,
    soleWriter = false,
    ...options
  }: Partial<Pick<SessionServiceDeps, 'linkRateLimits' | 'preparingWaitMs' | 'analysisTimeoutMs' | 'analysisRerunLimits' | 'now'>> & {
    /** count the rate limits in the session schema's table, as the composition does */
    rateLimitsInDatabase?: boolean;
    /** the embedded mode's stores: the process is the only writer, streams it read are kept in memory */
    soleWriter?: boolean;
  } = {},
) {
  const logger = createLogger('test', 'silent');
  const sql = createPgliteClient();
  const bus = createInProcessBus();
  const documents = createMemoryDocumentStore();
  const inviteHost = createServiceHost({
    name: 'invite',
    schema: 'invite',
    topic: topics.invite,
    sql,
    bus,
    documents,
    projections: [],
    logger,
    soleWriter,
  });
  const sessionHost = createServiceHost({
    ...sessionService,
    sql,
    bus,
    documents,
    projections: sessionProjections,
    logger,
    soleWriter,
  });
  await inviteHost.start();
  await sessionHost.start();

  const tokens = createSessionTokens(await ownTokenKeys(tokenIssuers.identity, [await generateSigningKey()]));
  const linkTokens = createLinkTokens(parseLinkKeys(generateLinkKeys()));
  const analyser = fakeAnalyser();
  const service = createSessionService({
    store: sessionHost.store,
    documents,
    tokens,
    linkTokens,
    runners: sessionHost.runners,
    analyser,
    logger,
    ...(rateLimitsInDatabase ? { rateLimitStores: sqlRateLimitStores(sql, sessionService.schema) } : {}),
    ...options,
  });
  const policyRunners: PolicyRunner[] = service.policies.map((policy) => createPolicyRunner({ policy, bus, logger }));
  for (const runner of policyRunners) await runner.start();

  const app = createHttpApp({ logger, accessLog: false });
  app.use(sessionService.mountPath, service.router);
  const server = await startHttpServer(finishHttpApp(app, logger), { port: 0, host: '127.0.0.1' });

  let clock = Date.parse('2026-11-01T09:00:00.000Z');
  const tick = () => new Date((clock += 60_000)).toISOString();
  const inviteStore = inviteHost.store;
  const sessionStore = sessionHost.store;

  async function appendInviteEvent(inviteId: string, type: string, data: unknown): Promise<void> {
    await inviteStore.append(
      `invite-${inviteId}`,
      [{ type, data, metadata: { occurredAt: tick(), actorId: 'rec-1' } }],
      {
        expectedVersion: 'any',
      },
    );
  }

  async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
    for (let waited = 0; waited < 5_000; waited += 20) {
      const found = await probe();
      if (found !== undefined) return found;
      await sleep(20);
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  const sessionEvents = (sessionId: string) => sessionStore.readStream(`session-${sessionId}`);

  return {
    url: server.url,
    /** the database (PGlite), to look at what the service wrote */
    sql,
    analyser,
    tokens,
    linkTokens,
    sessionStore,
    inviteStore,
    policyRunners,

    /** Invites a candidate (an invite event, relayed over the bus) without waiting for the session. */
    async inviteOnly(organisationId: string, candidate: NewCandidate = {}): Promise<InvitedCandidate> {
      const sessionId = candidate.sessionId ?? randomUUID();
      const linkId = candidate.linkId ?? linkTokens.newLinkId();
      const jobId = candidate.jobId ?? randomUUID();
      const questions = (candidate.questions ?? ['Tell us about a hard bug.', 'Why Candor?']).map((text) => ({
        id: randomUUID(),
        text,
      }));
      await appendInviteEvent(sessionId, inviteEventNames.CandidateInvited, {
        inviteId: sessionId,
        organisationId,
        jobId,
        jobTitle: 'Backend engineer',
        jobDescription: 'Kafka and Postgres',
        questions,
        candidateName: candidate.name ?? 'Grace Hopper',
        candidateEmail: candidate.email ?? 'grace@example.test',
        linkId,
        expiresAt: null,
        invitedBy: 'rec-1',
        invitedAt: tick(),
      });
      return { sessionId, organisationId, linkId, jobId, questionIds: questions.map((question) => question.id) };
    },

    /** Invites a candidate and waits until the policy created the session. */
    async invite(organisationId: string, candidate: NewCandidate = {}) {
      const invited = await this.inviteOnly(organisationId, candidate);
      await eventually(
        async () => ((await sessionEvents(invited.sessionId)).length > 0 ? true : undefined),
        'the session',
      );
      return invited;
    },

    async revoke(invited: InvitedCandidate): Promise<void> {
      const before = (await sessionEvents(invited.sessionId)).length;
      await appendInviteEvent(invited.sessionId, inviteEventNames.InviteLinkRevoked, {
        inviteId: invited.sessionId,
        organisationId: invited.organisationId,
        linkId: invited.linkId,
        by: 'rec-1',
        at: tick(),
      });
      await eventually(
        async () => ((await sessionEvents(invited.sessionId)).length > before ? true : undefined),
        'the revoke',
      );
    },

    async reissue(invited: InvitedCandidate): Promise<InvitedCandidate> {
      const before = (await sessionEvents(invited.sessionId)).length;
      const linkId = linkTokens.newLinkId();
      await appendInviteEvent(invited.sessionId, inviteEventNames.InviteLinkReissued, {
        inviteId: invited.sessionId,
        organisationId: invited.organisationId,
        linkId,
        previousLinkId: invited.linkId,
        jobTitle: 'Backend engineer',
        candidateName: 'Grace Hopper',
        candidateEmail: 'grace@example.test',
        expiresAt: null,
        by: 'rec-1',
        at: tick(),
      });
      await eventually(
        async () => ((await sessionEvents(invited.sessionId)).length > before ? true : undefined),
        'the re-issue',
      );
      return { ...invited, linkId };
    },

    async setExpiry(invited: InvitedCandidate, expiresAt: string | null): Promise<void> {
      const before = (await sessionEvents(invited.sessionId)).length;
      await appendInviteEvent(invited.sessionId, inviteEventNames.InviteExpirySet, {
        inviteId: invited.sessionId,
        organisationId: invited.organisationId,
        expiresAt,
        by: 'rec-1',
        at: tick(),
      });
      await eventually(
        async () => ((await sessionEvents(invited.sessionId)).length > before ? true : undefined),
        'the expiry',
      );
    },

    /** The candidate's link token, as the invitation email carries it. */
    linkToken(invited: Pick<InvitedCandidate, 'sessionId' | 'linkId'>): string {
      return linkTokens.tokenFor(inviteLinkPurpose, invited.sessionId, invited.linkId);
    },

    async recruiterToken(organisationId: string, recruiterId = `rec-${organisationId}`): Promise<string> {
      return (await tokens.sign({
        sub: recruiterId,
        org: organisationId,
        orgName: 'Acme',
        name: 'Ada',
        email: 'ada@acme.test',
      })).token;
    },

    /** Every event in the session service's store. */
    async sessionEventCount(): Promise<number> {
      return (await sessionStore.readAll({ after: 0, limit: 100_000 })).length;
    },

    sessionEvents,

    async lastEvent(sessionId: string): Promise<RecordedEvent | undefined> {
      return (await sessionEvents(sessionId)).at(-1);
    },

    async stop() {
      await server.close();
      for (const runner of policyRunners) await runner.stop();
      await sessionHost.stop();
      await inviteHost.stop();
      await bus.close();
      await documents.close();
      await sql.close();
    },
  };
}
export type SessionHarness = Awaited<ReturnType<typeof startSessionHarness>>;

/** fetch with JSON in and out; `from` becomes X-Forwarded-For (the app trusts its loopback proxy). */
export async function call(
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; contentType?: string; from?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.from) headers['x-forwarded-for'] = options.from;
  if (options.body !== undefined || options.raw !== undefined)
    headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(url + path, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    type,
    body: text && type.includes('json') ? JSON.parse(text) : text || undefined,
    headers: response.headers,
  };
}
