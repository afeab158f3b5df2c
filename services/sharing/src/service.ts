// The sharing service as a factory: share links of completed live interviews for outside reviewers
// — the links and their limits, the organisation's defaults and ceilings, the viewer's endpoints,
// the viewing log and the hash-chained audit log. It follows the invite service's live interview
// events into its own streams (policy `sharing.interviews`), the organisation's founder as the admin
// who sets the ceilings (policy `sharing.organisations`), and writes every share-link event into
// the organisation's audit log (policy `sharing.audit`). Every dependency is a parameter, so the
// embedded composition and the service's own main build the same thing.
import { Router } from 'express';
import { topics } from '@candor/contracts';
import type {
  DocumentStore,
  EventStore,
  Logger,
  Policy,
  Projection,
  ProjectionRunner,
  RateLimitStores,
  ServiceTokens,
  SessionTokens,
} from '@candor/runtime';
import { auditPolicy } from './audit/audit-policy';
import { interviewsPolicy } from './policies/interviews-policy';
import { organisationsPolicy } from './policies/organisations-policy';
import { shareLinksProjection } from './read-models/share-links/projection';
import { shareLinksQuery } from './read-models/share-links/query';
import { auditRoutes } from './routes/audit-routes';
import { linkRoutes } from './routes/link-routes';
import { playbackRoutes } from './routes/playback-routes';
import { candidateRoutes } from './routes/candidate-routes';
import { defaultViewerRateLimits, viewerLimiters, type ViewerRateLimits } from './routes/rate-limits';
import { settingsRoutes } from './routes/settings-routes';
import { viewerRoutes } from './routes/viewer-routes';
import { viewingLogRoutes } from './routes/viewing-log-routes';
import type { ShareTokens } from './share-tokens';

export const sharingService = {
  name: 'sharing',
  schema: 'sharing',
  topic: topics.sharing,
  mountPath: '/api/sharing',
} as const;

/** The read models this service keeps; the composition runs one projection runner per entry. */
export const sharingProjections: Projection<any, any>[] = [shareLinksProjection];

export interface SharingServiceDeps {
  store: EventStore;
  documents: DocumentStore;
  /** recruiter sessions */
  tokens: SessionTokens;
  /** share tokens and viewing passes, under the link keys (CANDOR_LINK_KEYS) */
  shareTokens: ShareTokens;
  /** the recording service's service tokens (its public keys): it asks before a share viewer plays */
  recordingTokens: ServiceTokens;
  runners: Record<string, Pick<ProjectionRunner, 'waitFor'>>;
  logger: Logger;
  now?: () => Date;
  viewerRateLimits?: ViewerRateLimits;
  /** where the viewer's rate limits count (the service's database, shared by replicas); default per process */
  rateLimitStores?: RateLimitStores;
  /** how long a recruiter read waits for its `waitFor` position (default 2 s) */
  readWaitMs?: number;
}

export interface SharingService {
  router: Router;
  policies: Policy[];
}

export function createSharingService(deps: SharingServiceDeps): SharingService {
  const now = deps.now ?? (() => new Date());
  const linksRunner = deps.runners[shareLinksProjection.name];
  if (!linksRunner) throw new Error(`no projection runner for ${shareLinksProjection.name}`);
  const logger = deps.logger.child({ service: sharingService.name });
  const { store, tokens, shareTokens } = deps;

  const router = Router();
  // one set of limits for every endpoint that takes a link: a guesser gets one budget, not one per route
  const limiters = viewerLimiters(deps.viewerRateLimits ?? defaultViewerRateLimits, deps.rateLimitStores);
  const links = shareLinksQuery(deps.documents, shareTokens);
  router.use(viewerRoutes({ store, shareTokens, now, limiters }));
  router.use(candidateRoutes({ store, shareTokens, links, limiters }));
  router.use(playbackRoutes({ store, shareTokens, recordingTokens: deps.recordingTokens, now }));
  router.use(settingsRoutes({ store, tokens, now }));
  router.use(auditRoutes({ store, tokens }));
  const readWaitMs = deps.readWaitMs ?? 2_000;
  router.use(viewingLogRoutes({ tokens, links, linksRunner, readWaitMs }));
  router.use(
    linkRoutes({
      store,
      tokens,
      shareTokens,
      links,
      linksRunner,
      now,
      readWaitMs,
    }),
  );
  return {
    router,
    policies: [
      interviewsPolicy({ store, logger }),
      organisationsPolicy({ store, logger }),
      auditPolicy({ store, logger }),
    ],
  };
}
