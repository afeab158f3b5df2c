// The invite service as its own process (distributed mode). Besides the common variables it needs
// CANDOR_LINK_KEYS, the keys link tokens are derived under (shared with the notification service).
import { z } from 'zod';
import { createLinkTokens, linkKeysEnv, loadConfig, main } from '@candor/runtime';
import { createInviteService, inviteProjections, inviteService } from './service';

main({
  ...inviteService,
  projections: inviteProjections,
  routes: ({ host, documents, tokens, candidateTokens, env }) => {
    const config = loadConfig(z.object(linkKeysEnv), env);
    return createInviteService({
      store: host.store,
      documents,
      tokens,
      candidateTokens,
      linkTokens: createLinkTokens(config.CANDOR_LINK_KEYS),
      runners: host.runners,
    }).router;
  },
});
