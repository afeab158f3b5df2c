// The identity service's one composition: what both its own main and the embedded mode run, on the
// adapters the mode chose.
import {
  composeService,
  createSessionTokens,
  ownTokenKeys,
  rateLimitStoresOf,
  tokenIssuers,
  type ServiceAdapters,
} from '@candor/runtime';
import type { IdentityRateLimits } from './login-limit';
import type { IdentityConfig } from './config';
import { createIdentityService, identityService } from './service';

export interface IdentityCompositionOptions {
  /** tests loosen the sign-up limit */
  rateLimits?: IdentityRateLimits;
}

export async function composeIdentityService(config: IdentityConfig, adapters: ServiceAdapters, options: IdentityCompositionOptions = {}) {
  // the one holder of the recruiter sessions' private keys; it checks its own deny list directly
  const keys = await ownTokenKeys(tokenIssuers.identity, config.CANDOR_SIGNING_KEYS);
  return composeService(identityService, [], adapters, (host) =>
    // `accounts` rides along: the embedded mode creates its demo account through it
    createIdentityService({
      store: host.store,
      signing: keys.signing,
      tokens: (revocations) => createSessionTokens(keys, { revocations }),
      rateLimits: options.rateLimits,
      // counted in the service's database, so every replica shares the budget (in memory when the mode
      // runs one process: rateLimitStoresOf)
      rateLimitStores: rateLimitStoresOf(adapters, identityService.schema),
    }),
  );
}

export type ComposedIdentityService = Awaited<ReturnType<typeof composeIdentityService>>;
