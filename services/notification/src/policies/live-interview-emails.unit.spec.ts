import { liveDeliveryStream } from '../delivery';
import { liveEvent, sampleInterview } from '../../test/live-fixtures';
import { interviewersOf, liveEmailsOf, type PlannedLiveEmail } from './live-interview-emails';

const summary = (planned: PlannedLiveEmail[] | null) =>
  planned?.map(({ request }) => [request.role, request.to, request.linkId, request.kind]);

describe('which emails a live interview event asks for', () => {
  const interview = sampleInterview();

  it('scheduled: the candidate with the candidate link, each interviewer once with the host link', () => {
    const planned = liveEmailsOf(liveEvent('LiveInterviewScheduled', interview, 1));
    expect(summary(planned)).toEqual([
      ['candidate', 'zoe@example.com', 'cand-link-1', 'scheduled'],
      // the scheduling recruiter first; "ADA@acme.test" among the interviewers is the same person
      ['host', 'ada@acme.test', 'host-link-1', 'scheduled'],
      ['host', 'grace@acme.test', 'host-link-1', 'scheduled'],
    ]);
    expect(planned![0]!.request).toMatchObject({
      organisationId: 'org-a',
      inviteId: interview.liveInterviewId,
      purpose: 'live-candidate',
      recipientName: 'Zoë Ødegaard',
      interview,
      previousStartsAt: null,
      changedAt: '2026-11-20T09:30:00.000Z',
    });
    expect(planned![1]!.request).toMatchObject({ purpose: 'live-interviewer', recipientName: 'Ada Lovelace' });
  });

  it('names one delivery stream per event version and recipient, the same on a replay', () => {
    const event = liveEvent('LiveInterviewScheduled', interview, 1);
    const streams = liveEmailsOf(event)!.map((email) => email.streamId);
    expect(new Set(streams).size).toBe(3);
    expect(liveEmailsOf({ ...event, eventId: 'redelivered' })!.map((email) => email.streamId)).toEqual(streams);
    expect(streams[0]).toBe(liveDeliveryStream(interview.liveInterviewId, 1, 'candidate', 'zoe@example.com'));
    expect(streams[1]).toBe(liveDeliveryStream(interview.liveInterviewId, 1, 'host', 'ADA@acme.test '));
    // no address in a stream id: they end up in logs and outbox keys
    for (const stream of streams) expect(stream).not.toContain('@');
    const later = liveEmailsOf(
      liveEvent('LiveInterviewRescheduled', interview, 2, { previousStartsAt: interview.startsAt }),
    );
    expect(later!.map((email) => email.streamId).filter((stream) => streams.includes(stream))).toEqual([]);
  });

  it('rescheduled: everyone again, with the start it moved from; a withdrawn link is left out', () => {
    const moved = sampleInterview({
      ...interview,
      startsAt: '2026-12-02T15:00:00.000Z',
      sequence: 1,
      candidateLinkId: null,
    });
    const planned = liveEmailsOf(
      liveEvent('LiveInterviewRescheduled', moved, 3, { previousStartsAt: interview.startsAt }),
    );
    expect(summary(planned)).toEqual([
      ['candidate', 'zoe@example.com', '', 'rescheduled'],
      ['host', 'ada@acme.test', 'host-link-1', 'rescheduled'],
      ['host', 'grace@acme.test', 'host-link-1', 'rescheduled'],
    ]);
    expect(planned![0]!.request.previousStartsAt).toBe(interview.startsAt);
  });

  it('cancelled: everyone again, without links', () => {
    const planned = liveEmailsOf(liveEvent('LiveInterviewCancelled', { ...interview, sequence: 1 }, 2));
    expect(summary(planned)).toEqual([
      ['candidate', 'zoe@example.com', '', 'cancelled'],
      ['host', 'ada@acme.test', '', 'cancelled'],
      ['host', 'grace@acme.test', '', 'cancelled'],
    ]);
  });

  it('declined by the candidate: the interviewers only, without links, with the candidate’s note', () => {
    const planned = liveEmailsOf(
      liveEvent('LiveInterviewDeclinedByCandidate', { ...interview, sequence: 1 }, 2, { note: 'Another offer.' }),
    );
    expect(summary(planned)).toEqual([
      ['host', 'ada@acme.test', '', 'declined'],
      ['host', 'grace@acme.test', '', 'declined'],
    ]);
    expect(planned![0]!.request.note).toBe('Another offer.');
  });

  it('link re-issued: only the recipients of that role, with the new link', () => {
    const candidate = liveEmailsOf(
      liveEvent('LiveLinkReissued', { ...interview, candidateLinkId: 'cand-link-2' }, 4, {
        role: 'candidate',
        linkId: 'cand-link-2',
        previousLinkId: 'cand-link-1',
      }),
    );
    expect(summary(candidate)).toEqual([['candidate', 'zoe@example.com', 'cand-link-2', 'link-reissued']]);
    const hosts = liveEmailsOf(
      liveEvent('LiveLinkReissued', { ...interview, hostLinkId: 'host-link-2' }, 5, {
        role: 'host',
        linkId: 'host-link-2',
        previousLinkId: null,
      }),
    );
    expect(summary(hosts)).toEqual([
      ['host', 'ada@acme.test', 'host-link-2', 'link-reissued'],
      ['host', 'grace@acme.test', 'host-link-2', 'link-reissued'],
    ]);
  });

  it('emails no one about a revoked link, and invites no one whose link is withdrawn', () => {
    expect(
      liveEmailsOf(
        liveEvent('LiveLinkRevoked', { ...interview, hostLinkId: null }, 2, { role: 'host', linkId: 'host-link-1' }),
      ),
    ).toBeNull();
    const planned = liveEmailsOf(liveEvent('LiveInterviewScheduled', { ...interview, hostLinkId: null }, 1));
    expect(summary(planned)).toEqual([['candidate', 'zoe@example.com', 'cand-link-1', 'scheduled']]);
  });

  it('ignores other events, and throws on a malformed one or an id that can have no link', () => {
    expect(
      liveEmailsOf({ ...liveEvent('LiveInterviewScheduled', interview, 1), type: 'invite.LiveTemplateCreated.v1' }),
    ).toBeNull();
    expect(
      liveEmailsOf({ ...liveEvent('LiveInterviewScheduled', interview, 1), type: 'invite.CandidateInvited.v1' }),
    ).toBeNull();
    expect(() =>
      liveEmailsOf({ ...liveEvent('LiveInterviewScheduled', interview, 1), data: { interview: {} } }),
    ).toThrow();
    expect(() =>
      liveEmailsOf(liveEvent('LiveInterviewScheduled', { ...interview, liveInterviewId: 'not-a-uuid' }, 1)),
    ).toThrow();
  });

  it('lists the interviewers once per address, the scheduling recruiter first', () => {
    const hosts = interviewersOf(
      sampleInterview({
        interviewers: [
          { name: 'Grace', email: 'grace@acme.test' },
          { name: 'Grace again', email: ' Grace@ACME.test' },
          { name: 'Ada', email: 'ada@acme.test' },
        ],
      }),
    );
    expect(hosts.map((person) => person.email)).toEqual(['ada@acme.test', 'grace@acme.test']);
  });
});
