// The embedded mode: every Candor service in one Node process on embedded adapters — the event
// store on PGlite under the data folder, the in-process bus, read models in memory (rebuilt from
// the event store at start) or in Mongo when MONGO_URL is set — and the SvelteKit app on the same port.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestHandler } from 'express';
import {
  createHttpApp,
  createInProcessBus,
  createLogger,
  createMemoryDocumentStore,
  createMongoDocumentStore,
  createPgliteClient,
  createServiceHost,
  createSessionTokens,
  installTracePropagation,
  notFoundHandler,
  problemHandler,
  startHttpServer,
  type EventStore,
  type Logger,
} from '@candor/runtime';
import { createIdentityService, identityService } from '@candor/identity';
import { createInviteService, inviteProjections, inviteService } from '@candor/invite';
import { demoLogin, type EmbeddedConfig } from './config';
import { loadOrCreateSecret } from './secret';

export interface EmbeddedCandor {
  url: string;
  demo?: { email: string; password: string };
  /** the event stores, for tests that check nothing was written */
  stores: { identity: EventStore; invite: EventStore };
  stop(): Promise<void>;
}

export async function startEmbedded(
  config: EmbeddedConfig,
  options: { logger?: Logger; loadFrontend?: () => Promise<RequestHandler> } = {},
): Promise<EmbeddedCandor> {
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
  // nobody reads a half-built one) makes that loss harmless, in memory and in Mongo alike.
  const shared = { sql, bus, documents, logger, rebuildOnStart: true };
  const identityHost = createServiceHost({ ...identityService, ...shared, projections: [] });
  const inviteHost = createServiceHost({ ...inviteService, ...shared, projections: inviteProjections });
  await identityHost.start();
  await inviteHost.start();

  const tokens = createSessionTokens(config.CANDOR_JWT_SECRET ?? loadOrCreateSecret(config.CANDOR_DATA_DIR));
  const identity = createIdentityService({ store: identityHost.store, tokens });
  const invite = createInviteService({ store: inviteHost.store, documents, tokens, runners: inviteHost.runners });

  const app = createHttpApp({ logger });
  app.use(identityService.mountPath, identity.router);
  app.use(inviteService.mountPath, invite.router);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/api', notFoundHandler);
  // The pages are served after the API; they get their own CSP from SvelteKit (see frontend/).
  let pages: RequestHandler | undefined;
  app.use((req, res, next) => (pages ? pages(req, res, next) : notFoundHandler(req, res, next)));
  app.use(problemHandler(logger));

  const server = await startHttpServer(app, { port: config.PORT, host: config.HOST });
  process.env.CANDOR_API_URL = server.url;
  process.env.CANDOR_COOKIE_SECURE ??= 'false';
  if (options.loadFrontend) pages = await options.loadFrontend();

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
    stores: { identity: identityHost.store, invite: inviteHost.store },
    async stop() {
      await server.close();
      await inviteHost.stop();
      await identityHost.stop();
      await bus.close();
      await documents.close();
      await sql.close();
    },
  };
}
