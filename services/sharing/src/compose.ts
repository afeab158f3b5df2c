// The sharing service's one composition: what both its own main and the embedded mode run, on the
// adapters the mode chose.
import {
  composeService,
  recordingServiceTokens,
  recruiterSessions,
  rateLimitStoresOf,
  type ServiceAdapters,
} from '@candor/runtime';
import type { SharingConfig } from './config';
import { createSharingService, sharingProjections, sharingService } from './service';
import { createShareTokens } from './share-tokens';
import type { ViewerRateLimits } from './routes/rate-limits';

export interface SharingCompositionOptions {
  /** tests and the bench loosen the viewer's rate limits */
  viewerRateLimits?: ViewerRateLimits;
}

export async function composeSharingService(config: SharingConfig, adapters: ServiceAdapters, options: SharingCompositionOptions = {}) {
  return composeService(sharingService, sharingProjections, adapters, (host) =>
    createSharingService({
      store: host.store,
      documents: adapters.documents,
      tokens: recruiterSessions(config),
      shareTokens: createShareTokens(config.CANDOR_LINK_KEYS),
      recordingTokens: recordingServiceTokens(config),
      runners: host.runners,
      logger: adapters.logger,
      viewerRateLimits: options.viewerRateLimits,
      // counted in the service's own database: every replica shares one budget per address and link
      rateLimitStores: rateLimitStoresOf(adapters, sharingService.schema),
    }),
  );
}
