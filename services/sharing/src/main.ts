// The sharing service as its own process (distributed mode). Besides the common variables it needs
// CANDOR_LINK_KEYS, the keys share tokens and viewing passes are derived under.
import { z } from 'zod';
import { linkKeysEnv, loadConfig, main } from '@candor/runtime';
import { createSharingService, sharingProjections, sharingService } from './service';
import { createShareTokens } from './share-tokens';

main({
  ...sharingService,
  projections: sharingProjections,
  routes: ({ host, documents, tokens, logger, env }) => {
    const config = loadConfig(z.object(linkKeysEnv), env);
    return createSharingService({
      store: host.store,
      documents,
      tokens,
      shareTokens: createShareTokens(config.CANDOR_LINK_KEYS),
      runners: host.runners,
      logger,
    });
  },
});
