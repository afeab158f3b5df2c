// Test data shared by the live interview specs: one interview as the invite service's events carry
// it, and those events as the bus delivers them. Not used by the service itself.
import { randomUUID } from 'node:crypto';
import { liveEventNames, type LiveInterviewDetails, type RecordedEvent } from '@candor/contracts';

export function sampleInterview(overrides: Partial<LiveInterviewDetails> = {}): LiveInterviewDetails {
  return {
    liveInterviewId: randomUUID(),
    organisationId: 'org-a',
    organisationName: 'Acme & Sons',
    templateId: randomUUID(),
    templateName: 'Backend engineer',
    instructions: 'Have a pen and paper ready.\nWe will talk about <systems>.',
    durationMinutes: 45,
    recordable: true,
    candidate: { name: 'Zoë Ødegaard', email: 'zoe@example.com' },
    interviewers: [
      { name: 'Grace Hopper', email: 'grace@acme.test' },
      // the scheduling recruiter again, in other case: emailed once
      { name: 'Ada L.', email: 'ADA@acme.test' },
    ],
    scheduledBy: { recruiterId: randomUUID(), name: 'Ada Lovelace', email: 'ada@acme.test' },
    startsAt: '2026-12-01T15:00:00.000Z',
    timeZone: 'America/New_York',
    candidateLinkId: 'cand-link-1',
    hostLinkId: 'host-link-1',
    sequence: 0,
    ...overrides,
  };
}

type LiveEventType = keyof typeof liveEventNames;

let position = 0;

/** A live interview event as the bus delivers it; `version` is its place in the interview's stream. */
export function liveEvent(
  type: LiveEventType,
  interview: LiveInterviewDetails,
  version: number,
  extra: Record<string, unknown> = {},
): RecordedEvent {
  const at = '2026-11-20T09:30:00.000Z';
  position += 1;
  return {
    eventId: randomUUID(),
    streamId: `live-interview-${interview.liveInterviewId}`,
    streamVersion: version,
    position,
    type: liveEventNames[type],
    data: { interview, by: interview.scheduledBy.recruiterId, at, ...extra },
    metadata: { occurredAt: at, actorId: interview.scheduledBy.recruiterId, organisationId: interview.organisationId },
    recordedAt: at,
  };
}
