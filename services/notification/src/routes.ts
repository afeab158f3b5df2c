// HTTP routes of the notification service, mounted under /api/notification. Every route needs a
// recruiter session and acts only inside the recruiter's organisation; another organisation's
// invite answers "not found".
import { Router, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import {
  consistencyToken,
  inviteIdParams,
  readDeliveriesQuery,
  type DeliverySettings,
  type MailboxResponse,
  type RetryDeliveryResponse,
} from '@candor/contracts';
import {
  handleCommand,
  NotFoundError,
  recruiterOf,
  requireRecruiter,
  route,
  sendProblem,
  type EventStore,
  type ProjectionRunner,
  type SessionTokens,
} from '@candor/runtime';
import { deliveryDecider, deliveryStream, loadDelivery, messageKeyOf, retryable } from './delivery';
import type { DeliveryOutcomes } from './delivery-metrics';
import type { InvitationSender } from './invitation-sender';
import type { DeliveriesQuery } from './read-models/deliveries/query';
import { isMailbox, type EmailTransport } from './transport';

export interface NotificationRouteDeps {
  store: EventStore;
  tokens: SessionTokens;
  deliveries: DeliveriesQuery;
  deliveriesRunner: Pick<ProjectionRunner, 'waitFor'>;
  transport: EmailTransport;
  sender: InvitationSender;
  now: () => Date;
  /** told each retry's outcome once recorded (the composition counts them on /metrics) */
  outcomes?: DeliveryOutcomes;
  /** how long a read waits for its `waitFor` position before answering with what it has */
  readWaitMs?: number;
  /** retries per organisation per window (default 30 a minute): each one opens an SMTP connection */
  retryLimit?: { windowMs: number; limit: number };
}

function retryLimiter({ windowMs, limit }: { windowMs: number; limit: number }): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    keyGenerator: (_req, res) => recruiterOf(res).org,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) =>
      sendProblem(res, 429, 'Too many requests', 'Too many email retries; wait a minute and try again.'),
  });
}

export function notificationRoutes(deps: NotificationRouteDeps): Router {
  const { store, deliveries, deliveriesRunner, transport, sender, now } = deps;
  const readWaitMs = deps.readWaitMs ?? 2_000;
  const router = Router();
  router.use(requireRecruiter(deps.tokens));

  router.get(
    '/settings',
    route({}, async () => {
      // SMS delivery is not built: the dashboard offers the link to copy (and an SMS draft) instead.
      const settings: DeliverySettings = {
        email: { configured: transport.kind === 'smtp', transport: transport.kind },
        sms: { configured: false },
      };
      return { body: settings };
    }),
  );

  router.get(
    '/invites/:inviteId/deliveries',
    route({ params: inviteIdParams, query: readDeliveriesQuery }, async ({ params, query }, _req, res) => {
      const caughtUp = query.waitFor
        ? await deliveriesRunner.waitFor(query.waitFor.streamId, query.waitFor.position, readWaitMs)
        : true;
      return { body: { deliveries: await deliveries.ofInvite(recruiterOf(res).org, params.inviteId), caughtUp } };
    }),
  );

  router.post(
    '/invites/:inviteId/retry',
    retryLimiter(deps.retryLimit ?? { windowMs: 60_000, limit: 30 }),
    route({ params: inviteIdParams }, async ({ params }, _req, res) => {
      const recruiter = recruiterOf(res);
      // The read model finds the newest email of the invite; its stream (the write model) decides.
      const [newest] = await deliveries.ofInvite(recruiter.org, params.inviteId);
      if (!newest) throw new NotFoundError('No invitation email was found for this invite.');
      const streamId = deliveryStream(params.inviteId, newest.linkId);
      const delivery = retryable(await loadDelivery(store, streamId), recruiter.org);

      const outcome = await sender.send(delivery.request, messageKeyOf(streamId, delivery.attempts + 1));
      const at = now().toISOString();
      const recorded = await handleCommand(
        store,
        streamId,
        deliveryDecider,
        { type: 'RecordRetry', organisationId: recruiter.org, outcome, transport: transport.kind, at },
        { occurredAt: at, actorId: recruiter.sub, organisationId: recruiter.org },
      );
      deps.outcomes?.({ purpose: delivery.request.purpose, attempt: 'retry', outcome: outcome.ok ? 'sent' : 'failed' });
      const body: RetryDeliveryResponse = {
        id: delivery.request.emailId,
        streamId,
        position: recorded.position,
        waitFor: consistencyToken(streamId, recorded.position),
        status: outcome.ok ? 'sent' : 'failed',
      };
      return { status: 202, body };
    }),
  );

  router.get(
    '/mailbox',
    route({}, async (_input, _req, res) => {
      if (!isMailbox(transport)) {
        throw new NotFoundError('There is no local mailbox: email is delivered over SMTP.');
      }
      // the messages hold working candidate links: no cache may keep them
      res.setHeader('Cache-Control', 'no-store');
      const body: MailboxResponse = { messages: transport.list(recruiterOf(res).org) };
      return { body };
    }),
  );
  return router;
}
