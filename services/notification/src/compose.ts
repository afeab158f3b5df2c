// The notification service's one composition: what both its own main and the embedded mode run, on
// the adapters the mode chose. The email transport follows the configuration: SMTP when
// CANDOR_SMTP_URL is set, else the in-memory local mailbox.
import { composeService, createLinkTokens, recruiterSessions, type ServiceAdapters } from '@candor/runtime';
import type { NotificationConfig } from './config';
import { createEmailTransport } from './transport';
import { createNotificationService, notificationProjections, notificationService } from './service';

export async function composeNotificationService(config: NotificationConfig, adapters: ServiceAdapters) {
  const transport = createEmailTransport(config);
  try {
    return await composeService(notificationService, notificationProjections, adapters, (host) => ({
      ...createNotificationService({
        store: host.store,
        documents: adapters.documents,
        tokens: recruiterSessions(config),
        runners: host.runners,
        transport,
        linkTokens: createLinkTokens(config.CANDOR_LINK_KEYS),
        publicUrl: config.CANDOR_PUBLIC_URL,
        logger: adapters.logger,
      }),
      transport,
      stop: () => transport.close(),
    }));
  } catch (error) {
    await transport.close();
    throw error;
  }
}
