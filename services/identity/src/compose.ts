// The identity service's one composition: what both its own main and the embedded mode run, on the
// adapters the mode chose.
import { composeService, createSessionTokens, type ServiceAdapters } from '@candor/runtime';
import type { IdentityConfig } from './config';
import { createIdentityService, identityService } from './service';

export async function composeIdentityService(config: IdentityConfig, adapters: ServiceAdapters) {
  return composeService(identityService, [], adapters, (host) =>
    // `accounts` rides along: the embedded mode creates its demo account through it
    createIdentityService({ store: host.store, tokens: createSessionTokens(config.CANDOR_JWT_SECRET) }),
  );
}

export type ComposedIdentityService = Awaited<ReturnType<typeof composeIdentityService>>;
