// The embedded mode: every Candor service in one Node process. This only chooses the adapters — the
// event store on PGlite under the data folder, the in-process bus, read models in memory (restored
// at start from their snapshots in PGlite plus the events after them) or in Mongo when MONGO_URL is
// set (rebuilt at start) — fills each service's
// configuration from its own (parsed once, config.ts), and calls each service's one composition
// (the same function its own main calls). The SvelteKit app is served on the same port. Keys live
// in the secrets folder beside the data folder, never in it (secret.ts).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestHandler } from 'express';
import {
  consumerLag,
  createHttpApp,
  createServiceMetrics,
  createInProcessBus,
  createReadiness,
  createLogger,
  createMemoryDocumentStore,
  generateLinkKeys,
  generateSigningKey,
  parsePrivateKeys,
  publicKeysOf,
  installTracePropagation,
  notFoundHandler,
  openApiDocument,
  parseLinkKeys,
  problemHandler,
  sendProblem,
  startHttpServer,
  type ComposedService,
  type DocumentStore,
  type EventStore,
  type LinkRateLimits,
  type Logger,
  type ServiceAdapters,
} from '@candor/runtime';
import { createPgliteClient } from '@candor/runtime/pglite';
import { composeIdentityService } from '@candor/identity';
import { composeInviteService } from '@candor/invite';
import { composeSessionService, type Analyser } from '@candor/session';
import { composeNotificationService } from '@candor/notification';
import { composeMediaService, type SfuEngineChoice } from '@candor/media';
import { composeRecordingService } from '@candor/recording';
import type { RecordingStorage } from '@candor/recording';
import { composeSharingService, type ViewerRateLimits } from '@candor/sharing';
import { demoLogin, type EmbeddedConfig } from './config';
import type { LoadFrontend } from './frontend-handler';
import { secretFiles, secretsDirFor } from './secret';

export interface EmbeddedCandor {
  url: string;
  demo?: { email: string; password: string };
  /** the event stores, for tests that check nothing was written */
  stores: {
    identity: EventStore;
    invite: EventStore;
    session: EventStore;
    notification: EventStore;
    media: EventStore;
    recording: EventStore;
    sharing: EventStore;
  };
  /** where the signing and link keys are kept (outside the data folder) */
  secretsDir: string;
  /** where the recordings live (filesystem storage under the data folder unless configured otherwise) */
  recording: { storage: RecordingStorage };
  /** the SFU engine the live rooms run on (chosen at start: CANDOR_SFU_ENGINE, default auto) */
  sfuEngine: 'mediasoup' | 'werift';
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  logger?: Logger;
  /** serves the pages (frontend-handler.ts); told the API's URL and the cookie setting explicitly */
  loadFrontend?: LoadFrontend;
  /** tests and the bench replace the analyser or loosen the link rate limits */
  analyser?: Analyser;
  linkRateLimits?: LinkRateLimits;
  /** the share viewer's limits (the bench opens one link from one address very often) */
  shareRateLimits?: ViewerRateLimits;
  /** tests pick the SFU engine; otherwise CANDOR_SFU_ENGINE (and the CANDOR_MEDIA_* listen options) */
  sfuEngine?: SfuEngineChoice;
  /** tests shorten the signalling's hello timeout and heartbeat */
  signalTimings?: { helloTimeoutMs?: number; heartbeatMs?: number };
}

/** The documents adapter: Mongo when a URL is given (loaded only then), else memory. */
async function openDocuments(config: EmbeddedConfig): Promise<DocumentStore> {
  if (!config.MONGO_URL) return createMemoryDocumentStore();
  // required here, not imported at the top: without MONGO_URL the driver is never loaded
  const { createMongoDocumentStore } = require('@candor/runtime/mongo') as typeof import('@candor/runtime/mongo');
  return createMongoDocumentStore({ url: config.MONGO_URL, database: config.MONGO_DATABASE });
}

export async function startEmbedded(config: EmbeddedConfig, options: EmbeddedOptions = {}): Promise<EmbeddedCandor> {
  const logger = options.logger ?? createLogger('candor', config.LOG_LEVEL);
  installTracePropagation();
  // keys first, apart from the data: a copy of the data folder opens no link and mints no session
  const secrets = secretFiles(secretsDirFor(config.CANDOR_DATA_DIR, config.CANDOR_SECRETS_DIR), {
    legacyDataDir: config.CANDOR_DATA_DIR,
    onMoved: (file) => logger.warn({ file }, 'moved a key out of the data folder into the secrets folder'),
  });
  const issuerKeys = async (issuer: string) =>
    parsePrivateKeys(
      await secrets.loadOrCreate(`${issuer}-signing-keys.json`, async () =>
        JSON.stringify({ keys: [await generateSigningKey()] }),
      ),
    );
  const signingKeys = {
    identity: await issuerKeys('identity'),
    invite: await issuerKeys('invite'),
    media: await issuerKeys('media'),
    recording: await issuerKeys('recording'),
  };
  const linkKeys =
    config.CANDOR_LINK_KEYS ?? parseLinkKeys(await secrets.loadOrCreate('link-keys', () => generateLinkKeys()));
  const playbackKeys =
    config.CANDOR_PLAYBACK_KEYS ??
    parseLinkKeys(await secrets.loadOrCreate('playback-keys', () => generateLinkKeys()));
  // the session secret of earlier versions signs nothing any more
  rmSync(join(config.CANDOR_DATA_DIR, 'session-secret'), { force: true });

  mkdirSync(join(config.CANDOR_DATA_DIR, 'pglite'), { recursive: true });
  const sql = createPgliteClient({ dataDir: join(config.CANDOR_DATA_DIR, 'pglite') });
  const bus = createInProcessBus();
  const documents = await openDocuments(config);
  // The in-process bus holds messages in memory only: what it held when the process stopped is gone.
  // Bringing every read model up to date from the event store at start (before the API answers)
  // makes that loss harmless: read models in memory start from their last snapshot (kept in each
  // service's schema) and apply only the events after it, so a start does not grow with history;
  // in Mongo they are rebuilt. Policies replay their sources' history from their durable checkpoints
  // for the same reason (their handlers are idempotent). Every service shares one database, bus and store.
  // An event a policy or projection keeps failing on is parked in the in-process bus's dead-letter
  // store (logged; a policy's checkpoint stays before it, so the next start hands it over again).
  // Prometheus metrics as a service process serves them (runtime/src/telemetry/metrics.ts): the process
  // is `embedded`; appends and outbox backlogs carry each service's name, the lag every consumer group
  let consumers: ComposedService['consumers'] = [];
  const outboxes: { service: string; schema: string }[] = [];
  const metrics = createServiceMetrics({ service: 'embedded', sql, outboxes, lag: () => consumerLag(bus, consumers) });
  const deadLetter = { maxAttempts: config.CANDOR_BUS_MAX_ATTEMPTS, onParked: metrics.parked };
  const adapters: ServiceAdapters = {
    sql,
    bus,
    documents,
    logger,
    rebuildOnStart: true,
    snapshotReadModels: !config.MONGO_URL,
    deadLetter,
    // each service's own metrics (media's rooms, notification's email outcomes) on the same /metrics
    metrics: metrics.hook,
    // the one process on this database (PGlite lets no other open it): rate-limit counters and the
    // streams it read are kept in memory (no PGlite write per rate-limited request, no read per link
    // open; runtime host/compose.ts)
    soleProcess: true,
  };


  // The server listens first (the links in emails need its URL); until everything is mounted it
  // answers 503.
  const app = createHttpApp({ logger });
  app.use(metrics.http);
  let ready = false;
  app.use((_req, res, next) =>
    ready ? next() : sendProblem(res, 503, 'Starting', 'Candor is starting; try again in a moment.'),
  );
  const server = await startHttpServer(app, { port: config.PORT, host: config.HOST });
  const publicUrl = config.CANDOR_PUBLIC_URL?.replace(/\/+$/, '') ?? server.url;
  // every service checks sessions as in the distributed mode: identity's public keys (given here,
  // in process) and its deny list, asked over this server's own loopback address
  const sessionChecks = {
    CANDOR_IDENTITY_URL: server.url,
    CANDOR_IDENTITY_JWKS: { jwks: publicKeysOf(signingKeys.identity) },
  };

  const services: ComposedService[] = [];
  let stopping = false;
  const stopServices = async () => {
    stopping = true;
    for (const service of [...services].reverse()) await service.close();
    await server.close();
    for (const service of [...services].reverse()) await service.stop();
    await bus.close();
    await documents.close();
    await sql.close();
  };
  const compose = async <Service extends ComposedService>(composing: Promise<Service>): Promise<Service> => {
    const service = await composing;
    services.push(service);
    return service;
  };

  let identity, invite, session, notification, media, recording, sharing;
  try {
    identity = await compose(composeIdentityService({ CANDOR_SIGNING_KEYS: signingKeys.identity }, adapters));
    invite = await compose(
      composeInviteService({ ...sessionChecks, CANDOR_SIGNING_KEYS: signingKeys.invite, CANDOR_LINK_KEYS: linkKeys }, adapters, {
        linkRateLimits: options.linkRateLimits,
      }),
    );
    // the other services' policies follow the invite service's events: replay its store first
    const following: ServiceAdapters = { ...adapters, replayPolicySources: [invite.host.store] };
    session = await compose(
      composeSessionService({ ...config, ...sessionChecks, CANDOR_LINK_KEYS: linkKeys }, following, {
        analyser: options.analyser,
        linkRateLimits: options.linkRateLimits,
      }),
    );
    notification = await compose(
      composeNotificationService(
        { ...config, ...sessionChecks, CANDOR_LINK_KEYS: linkKeys, CANDOR_PUBLIC_URL: publicUrl },
        following,
      ),
    );
    // the SFU runs in this process; which engine is said in the log (and answered as `sfuEngine`)
    media = await compose(
      composeMediaService(
        {
          ...config,
          ...sessionChecks,
          CANDOR_SIGNING_KEYS: signingKeys.media,
          CANDOR_INVITE_JWKS: { jwks: publicKeysOf(signingKeys.invite) },
          // the recorder-feed API takes the recording service's tokens, checked with its public keys
          CANDOR_RECORDING_JWKS: { jwks: publicKeysOf(signingKeys.recording) },
          CANDOR_SFU_ENGINE: options.sfuEngine ?? config.CANDOR_SFU_ENGINE,
        },
        following,
        options.signalTimings,
      ),
    );
    // Recording: files under the data folder unless CANDOR_RECORDING_* say otherwise; the recorder asks
    // this same server's media internal API for the participants' RTP, as it asks the media service in
    // the distributed mode. Its policy follows the rooms, so its catch-up replays the media history.
    recording = await compose(
      composeRecordingService(
        {
          ...config,
          ...sessionChecks,
          CANDOR_SIGNING_KEYS: signingKeys.recording,
          CANDOR_MEDIA_URL: server.url,
          // share viewers' playback is asked of this same server's sharing routes, as of the sharing service
          CANDOR_SHARING_URL: server.url,
          CANDOR_RECORDING_DIR: config.CANDOR_RECORDING_DIR ?? join(config.CANDOR_DATA_DIR, 'recordings'),
          CANDOR_PLAYBACK_KEYS: playbackKeys,
        },
        { ...adapters, replayPolicySources: [media.host.store] },
      ),
    );
    // sharing follows interviews (invite), reviewer scores (session), recordings, and its own events
    // (the audit log)
    sharing = await compose(
      composeSharingService(
        {
          ...sessionChecks,
          CANDOR_LINK_KEYS: linkKeys,
          // the recording service asks before a share viewer plays: its tokens, checked with its public keys
          CANDOR_RECORDING_JWKS: { jwks: publicKeysOf(signingKeys.recording) },
        },
        {
          ...adapters,
          replayPolicySources: [invite.host.store, session.host.store, recording.host.store],
          replayOwnStore: true,
        },
        { viewerRateLimits: options.shareRateLimits },
      ),
    );
  } catch (error) {
    await stopServices().catch(() => {});
    throw error;
  }

  for (const service of services) {
    app.use(service.mountPath, service.router);
    service.attach(server.server);
  }
  consumers = services.flatMap((service) => service.consumers);
  for (const service of services) {
    outboxes.push({ service: service.name, schema: service.schema });
    service.host.store.onAppended(() => metrics.appended(service.name));
  }
  // not behind a login, as on the services' own processes: the embedded server listens on loopback
  // by default (HOST); a public deployment keeps /metrics off its proxy's routes
  app.get('/metrics', metrics.serve);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // as in the distributed mode (runtime/src/host/readiness.ts), over the shared adapters and every
  // service's consumers; the in-process bus answers the lag from its cursors
  const readiness = createReadiness({
    sql,
    bus,
    documents,
    consumers,
    maxProjectionLag: 1000,
    stopping: () => stopping,
  });
  app.get('/readyz', readiness.route);
  // every service's API in one document, generated from the mounted routes and their zod schemas
  // when first asked for (not at start: turning every schema into JSON Schema costs ~0.1 CPU-s)
  let openApi: ReturnType<typeof openApiDocument> | undefined;
  app.get('/api/openapi.json', (_req, res) => {
    openApi ??= openApiDocument(
      services.map((service) => ({ name: service.name, mountPath: service.mountPath, router: service.router })),
      { title: 'Candor (embedded: every service on one origin)', version: '1' },
    );
    res.json(openApi);
  });
  app.use('/api', notFoundHandler);
  // The pages are served after the API; they get their own CSP from SvelteKit (see frontend/).
  let pages: RequestHandler | undefined;
  app.use((req, res, next) => (pages ? pages(req, res, next) : notFoundHandler(req, res, next)));
  app.use(problemHandler(logger));

  // plain http on this machine unless said otherwise: a Secure cookie would never come back
  if (options.loadFrontend) pages = await options.loadFrontend({ apiUrl: server.url, cookieSecure: config.CANDOR_COOKIE_SECURE });

  ready = true;

  let demo: EmbeddedCandor['demo'];
  if (config.CANDOR_DEMO === 'on') {
    await identity.accounts.signUp({ ...demoLogin }).catch((error: Error) => {
      if (error.name !== 'ConflictError') throw error;
    });
    demo = { email: demoLogin.email, password: demoLogin.password };
  }

  return {
    url: server.url,
    demo,
    stores: {
      identity: identity.host.store,
      invite: invite.host.store,
      session: session.host.store,
      notification: notification.host.store,
      media: media.host.store,
      recording: recording.host.store,
      sharing: sharing.host.store,
    },
    secretsDir: secrets.dir,
    recording: { storage: recording.storage },
    sfuEngine: media.sfuEngine,
    stop: stopServices,
  };
}
