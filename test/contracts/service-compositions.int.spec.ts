// Every service's one composition (compose<Name>Service, what both the embedded mode and the
// service's own main call) on both adapter sets: the embedded one (PGlite, the in-process bus,
// memory documents; one set shared by all services, as `npm start` runs them) and the distributed
// one (real Postgres, Kafka and FerretDB; each service its own clients, as separate processes
// have). Each composition must serve its own routes, and the ones that react to others must see
// their events through the bus: a recruiter signs up (identity), creates a job and invites a
// candidate (invite); the session service's policy creates the candidate's session, the
// notification service's emails the invitation (into the local mailbox); scheduling a live
// interview (invite) makes the media service's policy prepare its room. Recording and sharing are
// composed too: they check recruiter sessions like the others, and recording publishes the keys of
// the service tokens media checks (media fetches them from recording's JWKS document).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Router } from 'express';
import {
  apiPaths,
  type CommandResult,
  type CreateInviteResponse,
  type DeliveriesResponse,
  type ListSessionsResponse,
  type RoomView,
  type SignUpResponse,
  recorderFeedPaths,
  sharingPaths,
} from '@candor/contracts';
import { composeIdentityService } from '@candor/identity';
import { composeInviteService } from '@candor/invite';
import { composeMediaService } from '@candor/media';
import { composeNotificationService } from '@candor/notification';
import { composeRecordingService } from '@candor/recording';
import { composeSharingService } from '@candor/sharing';
import {
  createHttpApp,
  createInProcessBus,
  createLogger,
  createMemoryDocumentStore,
  createServiceTokens,
  finishHttpApp,
  ownTokenKeys,
  tokenIssuers,
  generateLinkKeys,
  generateSigningKey,
  parseLinkKeys,
  startHttpServer,
  type ComposedService,
  type RunningServer,
  type ServiceAdapters,
} from '@candor/runtime';
import { createKafkaBus } from '@candor/runtime/kafka';
import { createMongoDocumentStore } from '@candor/runtime/mongo';
import { createPgliteClient } from '@candor/runtime/pglite';
import { createPgClient } from '@candor/runtime/postgres';
import { composeSessionService } from '@candor/session';
import { createFreshDatabases, type FreshDatabases } from '../distributed/fresh-databases';
import { describeWithInfra, type Infra } from '../support/infra';
import { request } from '../support/http';

const logger = createLogger('test', 'silent');
type SigningKey = Awaited<ReturnType<typeof generateSigningKey>>;

/** Opens the adapters of one service (by name); `close` closes every adapter opened. */
interface AdapterSet {
  open(service: string): ServiceAdapters;
  close(): Promise<void>;
}

/** Polls `read` until `done` holds (bounded): the bus delivers asynchronously. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function compositionSuite(adapterSet: () => Promise<AdapterSet>) {
  const linkKeys = parseLinkKeys(generateLinkKeys());
  let adapters: AdapterSet;
  let services: ComposedService[] = [];
  let server: RunningServer;
  let token: string;
  let identityKey: SigningKey, inviteKey: SigningKey, mediaKey: SigningKey, recordingKey: SigningKey;
  const recordingDir = mkdtempSync(join(tmpdir(), 'candor-compositions-'));

  beforeAll(async () => {
    adapters = await adapterSet();
    // the server listens first: the verifiers fetch identity's and invite's public keys from their
    // JWKS documents and ask identity about logged-out sessions, as separate processes would
    const app = createHttpApp({ logger });
    const api = Router();
    app.use(api);
    server = await startHttpServer(finishHttpApp(app, logger), { port: 0, host: '127.0.0.1' });
    const sessionChecks = { CANDOR_IDENTITY_URL: server.url };
    [identityKey, inviteKey, mediaKey, recordingKey] = [
      await generateSigningKey(),
      await generateSigningKey(),
      await generateSigningKey(),
      await generateSigningKey(),
    ];
    const identity = await composeIdentityService({ CANDOR_SIGNING_KEYS: [identityKey] }, adapters.open('identity'));
    const invite = await composeInviteService(
      { ...sessionChecks, CANDOR_SIGNING_KEYS: [inviteKey], CANDOR_LINK_KEYS: linkKeys },
      adapters.open('invite'),
    );
    // the embedded set replays the invite store into the policies, as the embedded mode does
    const following = (name: string, sources = [invite.host.store]): ServiceAdapters => {
      const opened = adapters.open(name);
      return opened.rebuildOnStart ? { ...opened, replayPolicySources: sources } : opened;
    };
    const media = await composeMediaService(
      {
        ...sessionChecks,
        CANDOR_SIGNING_KEYS: [mediaKey],
        CANDOR_INVITE_JWKS: { url: server.url + apiPaths.invite.jwks },
        // recording's public keys from its own document
        CANDOR_RECORDING_URL: server.url,
        CANDOR_SFU_ENGINE: 'werift',
      },
      following('media'),
    );
    const recording = await composeRecordingService(
      {
        ...sessionChecks,
        CANDOR_SIGNING_KEYS: [recordingKey],
        CANDOR_MEDIA_URL: server.url,
        CANDOR_RECORDING_DIR: recordingDir,
        CANDOR_RECORDING_STORAGE: 'filesystem',
        CANDOR_PLAYBACK_KEYS: parseLinkKeys(generateLinkKeys()),
        CANDOR_RECORDER_IP: '127.0.0.1',
        CANDOR_RECORDER_SPARES: 2,
        CANDOR_RECORDING_RETENTION_SWEEP_MS: 3_600_000,
        S3_REGION: 'us-east-1',
        S3_FORCE_PATH_STYLE: true,
      },
      following('recording', [media.host.store]),
    );
    services = [
      identity,
      invite,
      await composeSessionService({ ...sessionChecks, CANDOR_LINK_KEYS: linkKeys }, following('session')),
      await composeNotificationService(
        {
          ...sessionChecks,
          CANDOR_LINK_KEYS: linkKeys,
          CANDOR_PUBLIC_URL: 'http://candor.test',
          CANDOR_EMAIL_FROM: 'Candor <no-reply@candor.test>',
        },
        following('notification'),
      ),
      media,
      recording,
      await composeSharingService({ ...sessionChecks, CANDOR_LINK_KEYS: linkKeys }, following('sharing')),
    ];
    for (const service of services) api.use(service.mountPath, service.router);
    for (const service of services) service.attach(server.server);
  }, 120_000);

  afterAll(async () => {
    for (const service of [...services].reverse()) await service.close();
    await server?.close();
    for (const service of [...services].reverse()) await service.stop();
    await adapters?.close();
    rmSync(recordingDir, { recursive: true, force: true });
  }, 60_000);

  const call = (method: string, path: string, body?: unknown) =>
    request(server.url, method, path, { token, ...(body === undefined ? {} : { body }) });

  test('identity: signs a recruiter up and knows them', async () => {
    const email = `ada-${randomUUID()}@candor.test`;
    const signUp = await request(server.url, 'POST', apiPaths.identity.signUp, {
      body: { organisationName: 'Composition Ltd', name: 'Ada Lovelace', email, password: 'a long enough password' },
    });
    expect(signUp.status).toBe(201);
    token = (signUp.body as SignUpResponse).token;
    const me = await call('GET', apiPaths.identity.me);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ recruiter: { email, organisationName: 'Composition Ltd' } });
  });

  test('invite, session and notification: an invited candidate gets a session and an email', async () => {
    const job = await call('POST', apiPaths.invite.jobs, {
      title: 'Composer',
      questions: [{ text: 'What did you compose last?' }],
    });
    expect(job.status).toBe(201);
    const invited = await call('POST', apiPaths.invite.invites, {
      jobId: (job.body as CommandResult).id,
      candidateName: 'Grace Hopper',
      candidateEmail: 'grace@candor.test',
    });
    expect(invited.status).toBe(201);
    const inviteId = (invited.body as CreateInviteResponse).id;

    const sessions = await eventually(
      async () => (await call('GET', apiPaths.session.sessions)).body as ListSessionsResponse,
      (list) => list.sessions.some((session) => session.inviteId === inviteId),
    );
    expect(sessions.sessions.find((session) => session.inviteId === inviteId)).toMatchObject({
      candidateEmail: 'grace@candor.test',
      jobTitle: 'Composer',
      status: 'invited',
    });

    const deliveries = await eventually(
      async () => (await call('GET', apiPaths.notification.deliveries(inviteId))).body as DeliveriesResponse,
      (answer) => answer.deliveries.length > 0,
    );
    expect(deliveries.deliveries).toEqual([
      expect.objectContaining({ to: 'grace@candor.test', status: 'sent', transport: 'mailbox' }),
    ]);
  });

  test('invite and media: scheduling a live interview prepares its room', async () => {
    const template = await call('POST', apiPaths.invite.liveTemplates, { name: 'Panel', durationMinutes: 30 });
    expect(template.status).toBe(201);
    const templateId = (template.body as CommandResult).id;
    const scheduled = await call('POST', apiPaths.invite.liveInterviews, {
      templateId,
      candidateName: 'Grace Hopper',
      candidateEmail: 'grace@candor.test',
      startsAt: `${new Date().getUTCFullYear() + 1}-01-15T10:00`,
      timeZone: 'Europe/London',
    });
    expect(scheduled.status).toBe(201);
    const rooms = await eventually(
      async () => (await call('GET', `${apiPaths.media.rooms}?templateId=${templateId}`)).body as { rooms: RoomView[] },
      (answer) => answer.rooms.length > 0,
    );
    expect(rooms.rooms).toEqual([
      expect.objectContaining({ id: (scheduled.body as CommandResult).id, candidateName: 'Grace Hopper', status: 'scheduled' }),
    ]);
  });

  test('each issuer publishes its public keys only; a logged-out session is refused by every service', async () => {
    for (const path of [apiPaths.identity.jwks, apiPaths.invite.jwks, apiPaths.media.jwks, apiPaths.recording.jwks]) {
      const jwks = await request(server.url, 'GET', path);
      expect(jwks.status).toBe(200);
      const keys = (jwks.body as { keys: Record<string, unknown>[] }).keys;
      expect(keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: expect.any(String) })]);
      expect(keys[0]).not.toHaveProperty('d');
    }
    // media takes recording's service tokens with the keys it fetched from recording's document, and
    // no token signed by another key in recording's name
    const feeds = recorderFeedPaths.publishers(randomUUID());
    const recordingToken = (await createServiceTokens(await ownTokenKeys(tokenIssuers.recording, [recordingKey])).sign({ sub: 'recording' })).token;
    expect(await request(server.url, 'GET', feeds, { token: recordingToken })).toMatchObject({ status: 200, body: { publishers: [] } });
    const forged = (await createServiceTokens(await ownTokenKeys(tokenIssuers.recording, [mediaKey])).sign({ sub: 'recording' })).token;
    expect((await request(server.url, 'GET', feeds, { token: forged })).status).toBe(401);
    const email = `leaver-${randomUUID()}@candor.test`;
    const signUp = await request(server.url, 'POST', apiPaths.identity.signUp, {
      body: { organisationName: 'Leavers Ltd', name: 'Lee', email, password: 'a long enough password' },
    });
    const leaving = (signUp.body as SignUpResponse).token;
    const paths = [
      apiPaths.identity.me,
      apiPaths.invite.jobs,
      apiPaths.session.sessions,
      apiPaths.notification.settings,
      apiPaths.recording.retention,
      sharingPaths.interviewLinks(randomUUID()),
    ];
    expect((await request(server.url, 'GET', apiPaths.identity.me, { token: leaving })).status).toBe(200);
    expect((await request(server.url, 'POST', apiPaths.identity.logOut, { token: leaving })).status).toBe(204);
    for (const path of paths) expect((await request(server.url, 'GET', path, { token: leaving })).status).toBe(401);
    // the other session of the service's recruiter is untouched
    expect((await call('GET', apiPaths.identity.me)).status).toBe(200);
  });

  test('every composition refuses a request without a session', async () => {
    const paths = [
      apiPaths.identity.me,
      apiPaths.invite.jobs,
      apiPaths.session.sessions,
      apiPaths.notification.settings,
      apiPaths.recording.retention,
      sharingPaths.interviewLinks(randomUUID()),
    ];
    for (const path of paths) expect((await request(server.url, 'GET', path)).status).toBe(401);
    // and every one takes the recruiter's session (recording and sharing check it like the others)
    for (const path of paths) expect((await call('GET', path)).status).toBe(200);
    expect((await request(server.url, 'GET', `${apiPaths.media.rooms}?templateId=${randomUUID()}`)).status).toBe(401);
  });
}

describe('service compositions on the embedded adapters (PGlite, in-process bus, memory documents)', () => {
  compositionSuite(async () => {
    const sql = createPgliteClient();
    const bus = createInProcessBus();
    const documents = createMemoryDocumentStore();
    return {
      open: () => ({ sql, bus, documents, logger, rebuildOnStart: true }),
      async close() {
        await bus.close();
        await documents.close();
        await sql.close();
      },
    };
  });
});

describeWithInfra(
  'service compositions on the distributed adapters (Postgres, Kafka, FerretDB)',
  ['postgres', 'kafka', 'mongo'],
  (servers) => {
    compositionSuite(async () => {
      const { pgUrl, kafkaBrokers, mongoUrl } = servers() as Required<Infra>;
      const databases: FreshDatabases = await createFreshDatabases({ pgUrl, mongoUrl, prefix: 'candor_compose' });
      // this run's own topics and consumer groups
      const namespace = databases.mongoDatabase.replace(/[^A-Za-z0-9_-]/g, '-');
      const opened: Array<() => Promise<void>> = [];
      return {
        open(service) {
          const sql = createPgClient(databases.databaseUrl);
          const bus = createKafkaBus({ brokers: kafkaBrokers, clientId: `candor-${service}`, namespace, logger });
          const documents = createMongoDocumentStore({ url: databases.mongoUrl, database: databases.mongoDatabase });
          opened.push(async () => {
            await bus.close();
            await documents.close();
            await sql.close();
          });
          return { sql, bus, documents, logger };
        },
        async close() {
          for (const close of opened) await close();
          await databases.drop();
        },
      };
    });
  },
);
