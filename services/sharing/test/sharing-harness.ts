// Test support: the sharing service over real HTTP on a given SQL client (a real Postgres server in
// the API suite), with the invite, recording and session services' event stores beside it so
// interviews, recordings and scores arrive the way they do in production (their event → outbox →
// bus → the `sharing.interviews` policy), and an identity store whose OrganisationCreated names the
// founder of each organisation (`sharing.organisations`: the admin who sets the ceilings). The stores
// get fresh schemas, dropped at stop. The clock is the test's: `advance(ms)` moves it.
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  identityEventTypes,
  liveEventNames,
  recordingEventNames,
  reviewEventNames,
  topics,
  type LiveInterviewDetails,
  type RecordedEvent,
  type SessionClaims,
} from '@candor/contracts';
import {
  createHttpApp,
  createInProcessBus,
  createLogger,
  createMemoryDocumentStore,
  createPolicyRunner,
  createServiceHost,
  createLinkTokens,
  createServiceTokens,
  createSessionTokens,
  finishHttpApp,
  generateSigningKey,
  ownTokenKeys,
  tokenIssuers,
  generateLinkKeys,
  parseLinkKeys,
  startHttpServer,
  type SqlClient,
} from '@candor/runtime';
import { createSharingService, sharingProjections, sharingService } from '../src/service';
import { createShareTokens } from '../src/share-tokens';
import { sharedInterviewStream } from '../src/shared-interview';
import { organisationAdminNoted, shareSettingsStream } from '../src/share-settings';
import type { ViewerRateLimits } from '../src/routes/rate-limits';

export async function startSharingHarness(
  sql: SqlClient,
  options: {
    viewerRateLimits?: ViewerRateLimits;
    /** the bus (default: one of its own): a recording service's harness on the same bus feeds the policy */
    bus?: ReturnType<typeof createInProcessBus>;
  } = {},
) {
  const logger = createLogger('test', 'silent');
  const bus = options.bus ?? createInProcessBus();
  const documents = createMemoryDocumentStore();
  const suffix = randomBytes(5).toString('hex');
  const schemas = {
    identity: `identity_t${suffix}`,
    invite: `invite_t${suffix}`,
    recording: `recording_t${suffix}`,
    session: `session_t${suffix}`,
    sharing: `sharing_t${suffix}`,
  };
  const identityHost = createServiceHost({
    name: 'identity',
    schema: schemas.identity,
    topic: topics.identity,
    sql,
    bus,
    documents,
    projections: [],
    logger,
  });
  const inviteHost = createServiceHost({
    name: 'invite',
    schema: schemas.invite,
    topic: topics.invite,
    sql,
    bus,
    documents,
    projections: [],
    logger,
  });
  const sharingHost = createServiceHost({
    ...sharingService,
    schema: schemas.sharing,
    sql,
    bus,
    documents,
    projections: sharingProjections,
    logger,
  });
  // the other services' stores, written as they write them; their outboxes feed the bus
  const recordingHost = createServiceHost({
    name: 'recording',
    schema: schemas.recording,
    topic: topics.recording,
    sql,
    bus,
    documents,
    projections: [],
    logger,
  });
  const sessionHost = createServiceHost({
    name: 'session',
    schema: schemas.session,
    topic: topics.session,
    sql,
    bus,
    documents,
    projections: [],
    logger,
  });
  await identityHost.start();
  await inviteHost.start();
  await recordingHost.start();
  await sessionHost.start();
  await sharingHost.start();

  let clock = Date.parse('2026-11-21T10:00:00.000Z');
  const founded = new Set<string>();
  // identity's role in these tests: a key of its own that signs the recruiters' sessions
  const tokens = createSessionTokens(await ownTokenKeys(tokenIssuers.identity, [await generateSigningKey()]));
  const linkKeys = parseLinkKeys(generateLinkKeys());
  const shareTokens = createShareTokens(linkKeys);
  // the recording service's role: a key of its own; sharing holds only its public half
  const recordingTokens = createServiceTokens(await ownTokenKeys(tokenIssuers.recording, [await generateSigningKey()]));
  const service = createSharingService({
    store: sharingHost.store,
    documents,
    tokens,
    shareTokens,
    recordingTokens,
    runners: sharingHost.runners,
    logger,
    now: () => new Date(clock),
    viewerRateLimits: options.viewerRateLimits ?? {
      opens: { windowMs: 60_000, limit: 100_000 },
      refusals: { windowMs: 60_000, limit: 100_000 },
      perLink: { windowMs: 60_000, limit: 100_000 },
    },
  });
  const policies = service.policies.map((policy) => createPolicyRunner({ policy, bus, logger }));
  for (const runner of policies) await runner.start();

  const app = createHttpApp({ logger, accessLog: false });
  app.use(sharingService.mountPath, service.router);
  const server = await startHttpServer(finishHttpApp(app, logger), { port: 0, host: '127.0.0.1' });

  /** Waits (bounded) until the sharing service's stream of this interview holds what `done` looks for. */
  async function noted(liveInterviewId: string, done: (events: RecordedEvent[]) => boolean) {
    const deadline = Date.now() + 10_000;
    while (!done(await sharingHost.store.readStream(sharedInterviewStream(liveInterviewId)))) {
      if (Date.now() > deadline) throw new Error('the sharing service did not follow the event');
      await sleep(10);
    }
  }

  return {
    url: server.url,
    store: sharingHost.store,
    shareTokens,
    /** the candidate's live link of an interview, as the invite service derives it (same keys) */
    candidateToken: (interview: LiveInterviewDetails, purpose = 'live-candidate') =>
      createLinkTokens(linkKeys).tokenFor(purpose, interview.liveInterviewId, interview.candidateLinkId!),
    /** signs service tokens as the recording service does (for the internal playback routes) */
    recordingTokens,
    advance(ms: number) {
      clock += ms;
    },
    /**
     * A recruiter's session. The first recruiter of an organisation founds it (identity's
     * OrganisationCreated names them), so they are its admin once sharing followed that.
     */
    async recruiter(organisationId: string, name = 'Ada Lovelace', sub = `rec-${organisationId}`): Promise<string> {
      if (!founded.has(organisationId)) {
        founded.add(organisationId);
        const at = new Date(clock).toISOString();
        await identityHost.store.append(
          `organisation-${organisationId}`,
          [
            {
              type: identityEventTypes.OrganisationCreated,
              data: { organisationId, name: organisationId, createdBy: sub, createdAt: at },
              metadata: { occurredAt: at, organisationId },
            },
          ],
          { expectedVersion: 'any' },
        );
        const deadline = Date.now() + 10_000;
        while (
          !(await sharingHost.store.readStream(shareSettingsStream(organisationId))).some(
            (event) => event.type === organisationAdminNoted,
          )
        ) {
          if (Date.now() > deadline) throw new Error('the sharing service did not follow the organisation');
          await sleep(10);
        }
      }
      const claims: SessionClaims = {
        sub,
        org: organisationId,
        name,
        email: `${sub}@${organisationId}.test`,
        orgName: organisationId,
      };
      return (await tokens.sign(claims)).token;
    },
    /** Schedules a live interview in the invite service's store and waits until sharing follows it. */
    async scheduleInterview(
      organisationId: string,
      changes: Partial<LiveInterviewDetails> = {},
    ): Promise<LiveInterviewDetails> {
      const interview: LiveInterviewDetails = {
        liveInterviewId: randomUUID(),
        organisationId,
        organisationName: 'Acme Hiring',
        templateId: randomUUID(),
        templateName: 'Senior Backend Interview',
        instructions: '',
        durationMinutes: 45,
        recordable: true,
        candidate: { name: 'Grace Brewster Hopper', email: 'grace.hopper@candidates.test' },
        interviewers: [{ name: 'Bob Interviewer', email: 'bob.interviewer@acme.test' }],
        scheduledBy: { recruiterId: `rec-${organisationId}`, name: 'Ada Lovelace', email: 'ada.lovelace@acme.test' },
        startsAt: '2026-11-20T15:00:00.000Z',
        timeZone: 'Europe/Berlin',
        candidateLinkId: 'c'.repeat(22),
        hostLinkId: 'h'.repeat(22),
        sequence: 0,
        ...changes,
      };
      const at = new Date(clock).toISOString();
      await inviteHost.store.append(
        `live-interview-${interview.liveInterviewId}`,
        [
          {
            type: liveEventNames.LiveInterviewScheduled,
            data: { interview, by: interview.scheduledBy.recruiterId, at },
            metadata: { occurredAt: at, organisationId },
          },
        ],
        { expectedVersion: 'any' },
      );
      await noted(interview.liveInterviewId, (events) => events.length > 0);
      return interview;
    },
    /** A recorded segment (started, then ready) as the recording service writes it; waits until sharing noted it. */
    async recordSegment(interview: LiveInterviewDetails, index: number): Promise<string> {
      const segmentId = randomUUID();
      const at = new Date(clock).toISOString();
      const ofRoom = { roomId: interview.liveInterviewId, organisationId: interview.organisationId };
      await recordingHost.store.append(
        `recordings-${interview.liveInterviewId}`,
        [
          {
            type: recordingEventNames.RecordingSegmentStarted,
            data: {
              ...ofRoom,
              mediaEventId: randomUUID(),
              segmentId,
              index,
              startedBy: 'host',
              startedByName: 'Ada Lovelace',
              participants: [],
              consent: null,
              at,
            },
            metadata: { occurredAt: at },
          },
          {
            type: recordingEventNames.RecordingReady,
            data: {
              ...ofRoom,
              segmentId,
              key: `k/${segmentId}`,
              contentType: 'video/webm',
              sizeBytes: 1000,
              durationMs: 60_000 * index,
              tracks: [],
              at,
            },
            metadata: { occurredAt: at },
          },
        ],
        { expectedVersion: 'any' },
      );
      await noted(interview.liveInterviewId, (events) =>
        events.some(
          (event) =>
            JSON.stringify(event.data).includes(`"${segmentId}"`) && JSON.stringify(event.data).includes('"ready"'),
        ),
      );
      return segmentId;
    },
    async deleteRecording(interview: LiveInterviewDetails, segmentId: string) {
      const at = new Date(clock).toISOString();
      await recordingHost.store.append(
        `recordings-${interview.liveInterviewId}`,
        [
          {
            type: recordingEventNames.RecordingDeleted,
            data: {
              roomId: interview.liveInterviewId,
              organisationId: interview.organisationId,
              segmentId,
              by: 'rec-1',
              reason: 'recruiter',
              at,
            },
            metadata: { occurredAt: at },
          },
        ],
        { expectedVersion: 'any' },
      );
      await noted(interview.liveInterviewId, (events) =>
        events.some(
          (event) =>
            JSON.stringify(event.data).includes(`"${segmentId}"`) && JSON.stringify(event.data).includes('"deleted"'),
        ),
      );
    },
    /** A reviewer's score as the session service writes it. */
    async giveScore(interview: LiveInterviewDetails, recruiterId: string, score: number) {
      const at = new Date(clock).toISOString();
      await sessionHost.store.append(
        `review-${interview.liveInterviewId}`,
        [
          {
            type: reviewEventNames.ReviewerScoreGiven,
            data: {
              interviewId: interview.liveInterviewId,
              organisationId: interview.organisationId,
              recruiterId,
              recruiterName: recruiterId,
              score,
              note: '',
              at,
            },
            metadata: { occurredAt: at },
          },
        ],
        { expectedVersion: 'any' },
      );
      await noted(interview.liveInterviewId, (events) =>
        events.some((event) => {
          const data = event.data as { recruiterId?: string; score?: number };
          return data.recruiterId === recruiterId && data.score === score;
        }),
      );
    },
    async stop() {
      await server.close();
      for (const runner of policies) await runner.stop();
      await sharingHost.stop();
      await sessionHost.stop();
      await recordingHost.stop();
      await inviteHost.stop();
      await identityHost.stop();
      if (!options.bus) await bus.close();
      for (const schema of Object.values(schemas)) await sql.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}
export type SharingHarness = Awaited<ReturnType<typeof startSharingHarness>>;
