// Policy `notification.live-interviews`: emails a live interview's candidate and interviewers when
// the invite service schedules, reschedules or cancels it, or re-issues one of its links (what each
// event asks for: live-interview-emails.ts). Like `notification.invitations`, one automatic attempt
// per email: a delivery stream that exists already has its outcome, so a replayed or redelivered
// event sends nothing twice. Transport errors are recorded (EmailFailed); event store errors throw,
// so the bus delivers the event again and only the emails not yet recorded are sent. A crash between
// a send and its append sends that one email twice on redelivery: delivery is at least once.
import { randomUUID } from 'node:crypto';
import { topics } from '@candor/contracts';
import { handleCommand, type EventStore, type Logger, type Policy } from '@candor/runtime';
import { deliveryDecider, messageKeyOf } from '../delivery';
import type { DeliveryOutcomes } from '../delivery-metrics';
import type { LiveEmailSender } from '../live-email-sender';
import type { EmailTransport } from '../transport';
import { liveEmailsOf, type PlannedLiveEmail } from './live-interview-emails';

export const liveInterviewsPolicyName = 'notification.live-interviews';

export function liveInterviewsPolicy(deps: {
  store: EventStore;
  sender: LiveEmailSender;
  transport: Pick<EmailTransport, 'kind'>;
  logger: Logger;
  now: () => Date;
  /** told each outcome recorded (the composition counts them on /metrics) */
  outcomes?: DeliveryOutcomes;
}): Policy {
  const logger = deps.logger.child({ policy: liveInterviewsPolicyName });
  return {
    name: liveInterviewsPolicyName,
    topics: [topics.invite],
    async handle(event) {
      let planned: PlannedLiveEmail[] | null;
      try {
        planned = liveEmailsOf(event);
      } catch (error) {
        // a malformed event can never succeed: skip it rather than block the partition
        logger.error(
          { err: error, eventId: event.eventId, type: event.type },
          'skipped a live interview event that fails its contract',
        );
        return;
      }
      if (!planned) return;
      // one at a time: a handful of emails, and one SMTP connection each
      for (const { streamId, request: plannedRequest } of planned) {
        if ((await deps.store.readStream(streamId)).length > 0) continue;
        const request = { ...plannedRequest, emailId: randomUUID() };
        const outcome = await deps.sender.send(request, messageKeyOf(streamId, 1));
        const at = deps.now().toISOString();
        const recorded = await handleCommand(
          deps.store,
          streamId,
          deliveryDecider,
          { type: 'RecordFirstAttempt', request, outcome, transport: deps.transport.kind, at },
          { occurredAt: at, actorId: 'system', organisationId: request.organisationId, correlationId: event.eventId },
        );
        if (recorded.position > 0) deps.outcomes?.({ purpose: request.purpose, attempt: 'first', outcome: outcome.ok ? 'sent' : 'failed' });
        logger.info(
          {
            emailId: request.emailId,
            liveInterviewId: request.inviteId,
            kind: request.kind,
            role: request.role,
            linkId: request.linkId,
            status: outcome.ok ? 'sent' : 'failed',
          },
          'live interview email attempted',
        );
      }
    },
  };
}
