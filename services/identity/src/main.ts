// The identity service as its own process (distributed mode).
import { main } from '@candor/runtime';
import { createIdentityService, identityService } from './service';

main({
  ...identityService,
  projections: [],
  routes: ({ host, tokens }) => createIdentityService({ store: host.store, tokens }).router,
});
