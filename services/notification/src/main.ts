// The notification service as its own process (distributed mode): its one composition on Postgres,
// Kafka and Mongo. Besides the common variables it needs CANDOR_PUBLIC_URL and CANDOR_LINK_KEYS (the
// invite service's keys), and CANDOR_SMTP_URL to deliver for real (config.ts).
import { main } from '@candor/runtime/distributed';
import { composeNotificationService } from './compose';
import { notificationEnv } from './config';
import { notificationService } from './service';

main({
  ...notificationService,
  env: notificationEnv,
  compose: (config, adapters) => {
    if (!config.CANDOR_SMTP_URL) {
      // in this process's own mailbox nobody reads them: say so (the embedded mode shows its mailbox page)
      adapters.logger.warn(
        "CANDOR_SMTP_URL is not set: invitation emails go to this process's in-memory mailbox, not to candidates",
      );
    }
    return composeNotificationService(config, adapters);
  },
});
