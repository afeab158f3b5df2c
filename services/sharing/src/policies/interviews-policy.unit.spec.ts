import { liveEventNames, type LiveInterviewDetails, type RecordedEvent } from '@candor/contracts';
import { interviewCommandFor } from './interviews-policy';

const interview: LiveInterviewDetails = {
  liveInterviewId: '6f1c1f0e-3a59-4d0e-9d43-5f0d1e2a7b10',
  organisationId: 'org-a',
  organisationName: 'Acme',
  templateId: 'tpl-1',
  templateName: 'Backend panel',
  instructions: '',
  durationMinutes: 45,
  recordable: true,
  candidate: { name: 'Grace Hopper', email: 'grace@example.test' },
  interviewers: [{ name: 'Bob', email: 'bob@example.test' }],
  scheduledBy: { recruiterId: 'rec-1', name: 'Ada', email: 'ada@example.test' },
  startsAt: '2026-11-22T09:00:00.000Z',
  timeZone: 'Europe/Berlin',
  candidateLinkId: 'cand-1',
  hostLinkId: 'host-1',
  sequence: 0,
};
const event = (type: string, extra: object = {}): RecordedEvent => ({
  eventId: 'e-1',
  streamId: `live-interview-${interview.liveInterviewId}`,
  streamVersion: 1,
  position: 1,
  type,
  data: { interview, by: 'rec-1', at: '2026-11-21T10:00:00.000Z', ...extra },
  metadata: { occurredAt: '2026-11-21T10:00:00.000Z' },
  recordedAt: '2026-11-21T10:00:00.000Z',
});

describe('policy sharing.interviews: the facts of a live interview', () => {
  it('notes a scheduled interview as not cancelled, without any email address', () => {
    const command = interviewCommandFor(event(liveEventNames.LiveInterviewScheduled));
    expect(command).toMatchObject({ type: 'NoteInterview', facts: { cancelled: false, candidateName: 'Grace Hopper' } });
    expect(JSON.stringify(command)).not.toContain('@');
  });

  it('notes an interview the candidate declined as cancelled, like one the recruiter cancelled', () => {
    for (const command of [
      interviewCommandFor(event(liveEventNames.LiveInterviewCancelled)),
      interviewCommandFor(event(liveEventNames.LiveInterviewDeclinedByCandidate, { note: 'Another offer.' })),
    ])
      expect(command).toMatchObject({ type: 'NoteInterview', facts: { cancelled: true } });
  });
});
