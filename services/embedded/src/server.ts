// The embedded mode: every Candor service in one Node process on embedded adapters — the event
// store on PGlite under the data folder, the in-process bus, read models in memory (rebuilt from
// the event store at start) or in Mongo when MONGO_URL is set, email into a local in-memory mailbox
// unless SMTP is configured — and the SvelteKit app on the same port.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestHandler } from 'express';
import {
  createCandidateTokens,
  createHttpApp,
  createInProcessBus,
  createLinkTokens,
  createLiveTokens,
  createLogger,
  createMemoryDocumentStore,
  createMongoDocumentStore,
  createPgliteClient,
  createPolicyRunner,
  createRoomTokens,
  createServiceHost,
  createSessionTokens,
  generateLinkKeys,
  installTracePropagation,
  loadConfig,
  notFoundHandler,
  parseLinkKeys,
  problemHandler,
  sendProblem,
  startHttpServer,
  type EventStore,
  type Logger,
} from '@candor/runtime';
import { createIdentityService, identityService } from '@candor/identity';
import { createInviteService, inviteProjections, inviteService, type LinkRateLimits } from '@candor/invite';
import {
  chooseAnalyser,
  createSessionService,
  sessionProjections,
  sessionService,
  type Analyser,
} from '@candor/session';
import {
  createEmailTransport,
  createNotificationService,
  notificationProjections,
  notificationService,
} from '@candor/notification';
import {
  createMediaService,
  createSfuEngine,
  mediaConfigSchema,
  mediaProjections,
  mediaService,
  sfuEngineOptions,
  type SfuEngineChoice,
} from '@candor/media';
import {
  createShareTokens,
  createSharingService,
  sharingProjections,
  sharingService,
  type ViewerRateLimits,
} from '@candor/sharing';
import { demoLogin, type EmbeddedConfig } from './config';
import { loadOrCreateSecret } from './secret';

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
    sharing: EventStore;
  };
  /** the SFU engine the live rooms run on (chosen at start: CANDOR_SFU_ENGINE, default auto) */
  sfuEngine: 'mediasoup' | 'werift';
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  logger?: Logger;
  loadFrontend?: () => Promise<RequestHandler>;
  /** tests and the bench replace the analyser or loosen the link rate limits */
  analyser?: Analyser;
  linkRateLimits?: LinkRateLimits;
  candidateRateLimit?: { windowMs: number; limit: number };
  /** the share viewer's limits (the bench opens one link from one address very often) */
  shareRateLimits?: ViewerRateLimits;
  /** tests pick the SFU engine; otherwise CANDOR_SFU_ENGINE (and the CANDOR_MEDIA_* listen options) */
  sfuEngine?: SfuEngineChoice;
  /** tests shorten the signalling's hello timeout and heartbeat */
  signalTimings?: { helloTimeoutMs?: number; heartbeatMs?: number };
}

export async function startEmbedded(config: EmbeddedConfig, options: EmbeddedOptions = {}): Promise<EmbeddedCandor> {
  const logger = options.logger ?? createLogger('candor', config.LOG_LEVEL);
  installTracePropagation();
  mkdirSync(join(config.CANDOR_DATA_DIR, 'pglite'), { recursive: true });
  const sql = await createPgliteClient({ dataDir: join(config.CANDOR_DATA_DIR, 'pglite') });
  const bus = createInProcessBus();
  const documents = config.MONGO_URL
    ? await createMongoDocumentStore({ url: config.MONGO_URL, database: config.MONGO_DATABASE })
    : createMemoryDocumentStore();
  // The in-process bus holds messages in memory only: what it held when the process stopped is gone.
  // Rebuilding every read model from the event store at start (before the HTTP server listens, so
  // nobody reads a half-built one) makes that loss harmless, in memory and in Mongo alike; policies
  // replay their sources' history for the same reason (their handlers are idempotent).
  const shared = { sql, bus, documents, logger, rebuildOnStart: true };
  const hosts = {
    identity: createServiceHost({ ...identityService, ...shared, projections: [] }),
    invite: createServiceHost({ ...inviteService, ...shared, projections: inviteProjections }),
    session: createServiceHost({ ...sessionService, ...shared, projections: sessionProjections }),
    notification: createServiceHost({ ...notificationService, ...shared, projections: notificationProjections }),
    media: createServiceHost({ ...mediaService, ...shared, projections: mediaProjections }),
    sharing: createServiceHost({ ...sharingService, ...shared, projections: sharingProjections }),
  };
  for (const host of Object.values(hosts)) await host.start();

  const secret = config.CANDOR_JWT_SECRET ?? loadOrCreateSecret(config.CANDOR_DATA_DIR);
  const tokens = createSessionTokens(secret);
  const candidateTokens = createCandidateTokens(secret);
  const linkKeys = parseLinkKeys(
    config.CANDOR_LINK_KEYS ?? loadOrCreateSecret(config.CANDOR_DATA_DIR, 'link-keys', () => generateLinkKeys()),
  );
  const linkTokens = createLinkTokens(linkKeys);

  // The server listens first (the links in emails need its URL); until everything is mounted it
  // answers 503.
  const app = createHttpApp({ logger });
  let ready = false;
  app.use((_req, res, next) =>
    ready ? next() : sendProblem(res, 503, 'Starting', 'Candor is starting; try again in a moment.'),
  );
  const server = await startHttpServer(app, { port: config.PORT, host: config.HOST });
  const publicUrl = config.CANDOR_PUBLIC_URL?.replace(/\/+$/, '') ?? server.url;

  const identity = createIdentityService({ store: hosts.identity.store, tokens });
  const invite = createInviteService({
    store: hosts.invite.store,
    documents,
    tokens,
    candidateTokens,
    linkTokens,
    liveTokens: createLiveTokens(secret),
    runners: hosts.invite.runners,
    linkRateLimits: options.linkRateLimits,
  });
  const session = createSessionService({
    store: hosts.session.store,
    documents,
    tokens,
    candidateTokens,
    runners: hosts.session.runners,
    analyser: options.analyser ?? chooseAnalyser(config),
    logger,
    candidateRateLimit: options.candidateRateLimit,
  });
  const transport = createEmailTransport(config);
  const notification = createNotificationService({
    store: hosts.notification.store,
    documents,
    tokens,
    runners: hosts.notification.runners,
    transport,
    linkTokens,
    publicUrl,
    logger,
  });

  // The SFU runs in this process; which engine is said in the log (and answered as `sfuEngine`).
  const mediaConfig = loadConfig(mediaConfigSchema, process.env);
  const engine = await createSfuEngine({
    ...sfuEngineOptions(mediaConfig),
    ...(options.sfuEngine ? { engine: options.sfuEngine } : {}),
    logger,
  });
  const media = createMediaService({
    store: hosts.media.store,
    documents,
    tokens,
    liveTokens: createLiveTokens(secret),
    roomTokens: createRoomTokens(secret),
    engine,
    logger,
    ...options.signalTimings,
  });

  const sharing = createSharingService({
    store: hosts.sharing.store,
    documents,
    tokens,
    shareTokens: createShareTokens(linkKeys),
    runners: hosts.sharing.runners,
    logger,
    viewerRateLimits: options.shareRateLimits,
  });

  const policies = [...session.policies, ...notification.policies, ...media.policies].map((policy) =>
    createPolicyRunner({ policy, bus, logger }),
  );
  for (const runner of policies) await runner.replay([hosts.invite.store]);
  // sharing follows interviews (invite), reviewer scores (session) and its own events (the audit log)
  const sharingPolicies = sharing.policies.map((policy) => createPolicyRunner({ policy, bus, logger }));
  for (const runner of sharingPolicies)
    await runner.replay([hosts.invite.store, hosts.session.store, hosts.sharing.store]);
  policies.push(...sharingPolicies);
  for (const runner of policies) await runner.start();

  app.use(identityService.mountPath, identity.router);
  app.use(inviteService.mountPath, invite.router);
  app.use(sessionService.mountPath, session.router);
  app.use(notificationService.mountPath, notification.router);
  app.use(mediaService.mountPath, media.router);
  app.use(sharingService.mountPath, sharing.router);
  media.attach(server.server);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/api', notFoundHandler);
  // The pages are served after the API; they get their own CSP from SvelteKit (see frontend/).
  let pages: RequestHandler | undefined;
  app.use((req, res, next) => (pages ? pages(req, res, next) : notFoundHandler(req, res, next)));
  app.use(problemHandler(logger));

  process.env.CANDOR_API_URL = server.url;
  process.env.CANDOR_COOKIE_SECURE ??= 'false';
  if (options.loadFrontend) pages = await options.loadFrontend();

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
      identity: hosts.identity.store,
      invite: hosts.invite.store,
      session: hosts.session.store,
      notification: hosts.notification.store,
      media: hosts.media.store,
      sharing: hosts.sharing.store,
    },
    sfuEngine: engine.name,
    async stop() {
      // the signalling sockets first: an open WebSocket would hold the HTTP server's close
      await media.close();
      await engine.close();
      await server.close();
      for (const runner of policies) await runner.stop();
      for (const host of Object.values(hosts).reverse()) await host.stop();
      await transport.close();
      await bus.close();
      await documents.close();
      await sql.close();
    },
  };
}
