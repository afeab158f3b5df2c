// The notification service's one composition: what both its own main and the embedded mode run, on
// the adapters the mode chose. The email transport follows the configuration: SMTP when
// CANDOR_SMTP_URL is set, else the in-memory local mailbox. In the distributed mode it counts the
// email delivery outcomes on the process's /metrics (delivery-metrics.ts).
import { composeService, createLinkTokens, noMetrics, recruiterSessions, type ServiceAdapters } from '@candor/runtime';
import type { NotificationConfig } from './config';
import { registerDeliveryMetrics } from './delivery-metrics';
import { createEmailTransport } from './transport';
import { createNotificationService, notificationProjections, notificationService } from './service';

export async function composeNotificationService(config: NotificationConfig, adapters: ServiceAdapters) {
  const transport = createEmailTransport(config);
  const outcomes = registerDeliveryMetrics(adapters.metrics ?? noMetrics);
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
        outcomes,
      }),
      transport,
      stop: () => transport.close(),
    }));
  } catch (error) {
    await transport.close();
    throw error;
  }
}
