// The invite service's one composition: what both its own main and the embedded mode run, on the
// adapters the mode chose.
import {
  composeService,
  createLinkTokens,
  createLiveTokens,
  jwksRoute,
  ownTokenKeys,
  recruiterSessions,
  rateLimitStoresOf,
  tokenIssuers,
  type ServiceAdapters,
} from '@candor/runtime';
import { Router } from 'express';
import type { InviteConfig } from './config';
import type { LinkRateLimits } from '@candor/runtime';
import { createInviteService, inviteProjections, inviteService } from './service';

export interface InviteCompositionOptions {
  /** tests and the bench loosen the link rate limits */
  linkRateLimits?: LinkRateLimits;
}

export async function composeInviteService(config: InviteConfig, adapters: ServiceAdapters, options: InviteCompositionOptions = {}) {
  // the one holder of the live tokens' private keys; the media service verifies with the public halves
  const liveKeys = await ownTokenKeys(tokenIssuers.invite, config.CANDOR_SIGNING_KEYS);
  return composeService(inviteService, inviteProjections, adapters, (host) => {
    const invite = createInviteService({
      store: host.store,
      documents: adapters.documents,
      tokens: recruiterSessions(config),
      linkTokens: createLinkTokens(config.CANDOR_LINK_KEYS),
      liveTokens: createLiveTokens(liveKeys),
      runners: host.runners,
      linkRateLimits: options.linkRateLimits,
      // counted in the service's database, so every replica shares the budget (in memory when the mode
      // runs one process: rateLimitStoresOf)
      rateLimitStores: rateLimitStoresOf(adapters, inviteService.schema),
    });
    const router = Router();
    router.get('/.well-known/jwks.json', jwksRoute(liveKeys.signing));
    router.use(invite.router);
    return { ...invite, router };
  });
}
