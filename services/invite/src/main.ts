// The invite service as its own process (distributed mode). Besides the common variables it needs
// CANDOR_LINK_KEYS, the keys link tokens are derived under (shared with the notification service).
// Live tokens are signed with CANDOR_JWT_SECRET, which the media service checks them with.
import { z } from 'zod';
import { commonEnv, createLinkTokens, createLiveTokens, linkKeysEnv, loadConfig, main } from '@candor/runtime';
import { createInviteService, inviteProjections, inviteService } from './service';

main({
  ...inviteService,
  projections: inviteProjections,
  routes: ({ host, documents, tokens, env }) => {
    const config = loadConfig(z.object({ ...linkKeysEnv, CANDOR_JWT_SECRET: commonEnv.CANDOR_JWT_SECRET }), env);
    return createInviteService({
      store: host.store,
      documents,
      tokens,
      linkTokens: createLinkTokens(config.CANDOR_LINK_KEYS),
      liveTokens: createLiveTokens(config.CANDOR_JWT_SECRET),
      runners: host.runners,
    }).router;
  },
});
