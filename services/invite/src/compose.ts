// The invite service's one composition: what both its own main and the embedded mode run, on the
// adapters the mode chose.
import {
  composeService,
  createLinkTokens,
  createLiveTokens,
  createSessionTokens,
  type ServiceAdapters,
} from '@candor/runtime';
import type { InviteConfig } from './config';
import type { LinkRateLimits } from '@candor/runtime';
import { createInviteService, inviteProjections, inviteService } from './service';

export interface InviteCompositionOptions {
  /** tests and the bench loosen the link rate limits */
  linkRateLimits?: LinkRateLimits;
}

export async function composeInviteService(config: InviteConfig, adapters: ServiceAdapters, options: InviteCompositionOptions = {}) {
  const secret = config.CANDOR_JWT_SECRET;
  return composeService(inviteService, inviteProjections, adapters, (host) =>
    createInviteService({
      store: host.store,
      documents: adapters.documents,
      tokens: createSessionTokens(secret),
      linkTokens: createLinkTokens(config.CANDOR_LINK_KEYS),
      liveTokens: createLiveTokens(secret),
      runners: host.runners,
      linkRateLimits: options.linkRateLimits,
    }),
  );
}
