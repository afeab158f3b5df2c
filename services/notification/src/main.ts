// The notification service as its own process (distributed mode). Besides the common variables it
// needs CANDOR_PUBLIC_URL and CANDOR_LINK_KEYS (the invite service's keys), and CANDOR_SMTP_URL to
// deliver for real: without it, emails land in this process's in-memory mailbox only.
import { z } from 'zod';
import { createLinkTokens, loadConfig, main } from '@candor/runtime';
import {
  createEmailTransport,
  createNotificationService,
  notificationEnv,
  notificationProjections,
  notificationService,
} from './service';

main({
  ...notificationService,
  projections: notificationProjections,
  routes: ({ host, documents, tokens, logger, env }) => {
    const config = loadConfig(z.object(notificationEnv), env);
    if (!config.CANDOR_SMTP_URL) {
      logger.warn(
        "CANDOR_SMTP_URL is not set: invitation emails go to this process's in-memory mailbox, not to candidates",
      );
    }
    return createNotificationService({
      store: host.store,
      documents,
      tokens,
      runners: host.runners,
      transport: createEmailTransport(config),
      linkTokens: createLinkTokens(config.CANDOR_LINK_KEYS),
      publicUrl: config.CANDOR_PUBLIC_URL,
      logger,
    });
  },
});
