// The notification service's own metric, on its process's /metrics (registered by its composition
// through the runtime's MetricsHook): email delivery outcomes as the delivery streams record them,
// `candor_notification_email_deliveries_total{purpose,attempt,outcome}`.
// - outcome: `sent` (the transport accepted it: EmailSent) or `failed` (EmailFailed). The domain
//   knows no bounce: an SMTP server's later bounce goes to the sender address, not back to Candor;
// - attempt: `first` (the policies' automatic attempt) or `retry` (a recruiter's retry);
// - purpose: candidate-invitation, live-candidate, live-interviewer.
// Counted once the outcome is in the event store, so replays and redeliveries (which record
// nothing) never count; a crash between a send and its append sends twice but counts once.
import type { MetricsHook } from '@candor/runtime';
import type { DeliveryPurpose } from './delivery';

export interface DeliveryOutcome {
  purpose: DeliveryPurpose;
  attempt: 'first' | 'retry';
  outcome: 'sent' | 'failed';
}

/** Told each outcome recorded in a delivery stream. */
export type DeliveryOutcomes = (outcome: DeliveryOutcome) => void;

const purposes: DeliveryPurpose[] = ['candidate-invitation', 'live-candidate', 'live-interviewer'];

export function registerDeliveryMetrics(metrics: MetricsHook): DeliveryOutcomes {
  return metrics.counter({
    name: 'candor_notification_email_deliveries_total',
    help: 'Email delivery attempts recorded, by purpose, attempt (first, retry) and outcome (sent, failed)',
    labelNames: ['purpose', 'attempt', 'outcome'],
    // the automatic attempts' series exist from the start (a failure ratio needs both)
    initial: purposes.flatMap((purpose) => (['sent', 'failed'] as const).map((outcome) => ({ purpose, attempt: 'first', outcome }))),
  });
}
