// The invite service as its own process (distributed mode).
import { main } from '@candor/runtime';
import { createInviteService, inviteProjections, inviteService } from './service';

main({
  ...inviteService,
  projections: inviteProjections,
  routes: ({ host, documents, tokens }) =>
    createInviteService({ store: host.store, documents, tokens, runners: host.runners }).router,
});
