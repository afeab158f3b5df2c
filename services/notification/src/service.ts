// The notification service as a factory: invitation emails and live interview emails with their
// calendar invitations (two policies on the invite service's events), their delivery status and
// retries, and the local mailbox of the embedded mode. SMS is not built: the settings say so, and the
// dashboard offers the link to copy instead.
import { Router } from 'express';
import { topics } from '@candor/contracts';
import type {
  DocumentStore,
  EventStore,
  LinkTokens,
  Logger,
  Policy,
  Projection,
  ProjectionRunner,
  SessionTokens,
} from '@candor/runtime';
import type { DeliveryOutcomes } from './delivery-metrics';
import { createInvitationSender } from './invitation-sender';
import { createLiveEmailSender } from './live-email-sender';
import { invitationsPolicy } from './policies/invitations';
import { liveInterviewsPolicy } from './policies/live-interviews';
import { deliveriesProjection } from './read-models/deliveries/projection';
import { deliveriesQuery } from './read-models/deliveries/query';
import { notificationRoutes } from './routes';
import type { EmailTransport } from './transport';

export { notificationEnv, type NotificationConfig } from './config';
export { createEmailTransport } from './transport';

export const notificationService = {
  name: 'notification',
  schema: 'notification',
  topic: topics.notification,
  mountPath: '/api/notification',
} as const;

/** The read models this service keeps; the composition runs one projection runner per entry. */
export const notificationProjections: Projection<any, any>[] = [deliveriesProjection];

export interface NotificationService {
  router: Router;
  /** run them on the bus (`policy.<name>`); in the embedded mode replay the invite store first */
  policies: Policy[];
}

export function createNotificationService(deps: {
  store: EventStore;
  documents: DocumentStore;
  tokens: SessionTokens;
  runners: Record<string, Pick<ProjectionRunner, 'waitFor'>>;
  transport: EmailTransport;
  linkTokens: LinkTokens;
  /** the origin of candidate links; a function when it is known only once the server listens */
  publicUrl: string | (() => string);
  logger: Logger;
  now?: () => Date;
  /** told each delivery outcome recorded (distributed mode: counted on /metrics, delivery-metrics.ts) */
  outcomes?: DeliveryOutcomes;
}): NotificationService {
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger.child({ service: notificationService.name });
  const deliveriesRunner = deps.runners[deliveriesProjection.name];
  if (!deliveriesRunner) throw new Error(`no projection runner for ${deliveriesProjection.name}`);
  const sender = createInvitationSender({
    transport: deps.transport,
    linkTokens: deps.linkTokens,
    publicUrl: deps.publicUrl,
    logger,
  });
  const router = notificationRoutes({
    store: deps.store,
    tokens: deps.tokens,
    deliveries: deliveriesQuery(deps.documents),
    deliveriesRunner,
    transport: deps.transport,
    sender,
    now,
    outcomes: deps.outcomes,
  });
  const liveSender = createLiveEmailSender({
    transport: deps.transport,
    linkTokens: deps.linkTokens,
    publicUrl: deps.publicUrl,
    logger,
  });
  const policies = [
    invitationsPolicy({ store: deps.store, sender, transport: deps.transport, logger, now, outcomes: deps.outcomes }),
    liveInterviewsPolicy({ store: deps.store, sender: liveSender, transport: deps.transport, logger, now, outcomes: deps.outcomes }),
  ];
  return { router, policies };
}
