import { liveEventNames as names, type LiveInterviewDetails } from '@candor/contracts';
import { ConflictError, NotFoundError, ValidationError, type LinkMatch, type SubjectLinks } from '@candor/runtime';
import type { LiveTemplate } from '../live-template';
import { decide, type LiveInterviewCommand } from './decide';
import { evolve, initialState, type LiveInterview, type LiveInterviewEvent } from './live-interview';
import { checkLiveLink, liveInterviewSummaryOf } from './open-link';

const by = { organisationId: 'org-a', recruiterId: 'rec-1', at: '2026-11-21T10:00:00.000Z' };
const template: LiveTemplate = {
  status: 'active',
  id: 'tpl-1',
  organisationId: 'org-a',
  name: 'Technical interview',
  durationMinutes: 45,
  instructions: 'Have a pen ready.',
  recordable: true,
  defaultInterviewers: [{ name: 'Bob', email: 'bob@one.test' }],
};
const schedule = (changes: Partial<Extract<LiveInterviewCommand, { type: 'ScheduleLiveInterview' }>> = {}) =>
  ({
    type: 'ScheduleLiveInterview',
    liveInterviewId: 'live-1',
    templateId: 'tpl-1',
    template,
    organisationName: 'One',
    recruiter: { name: 'Ada', email: 'ada@one.test' },
    candidate: { name: 'Grace', email: 'grace@navy.test' },
    guestInterviewers: [
      { name: 'Robert', email: 'BOB@one.test' },
      { name: 'Carol', email: 'carol@guest.test' },
    ],
    startsAt: '2026-12-01T15:00:00Z',
    timeZone: 'America/New_York',
    candidateLinkId: 'cand-1',
    hostLinkId: 'host-1',
    ...by,
    ...changes,
  }) as LiveInterviewCommand;
const id = { liveInterviewId: 'live-1', ...by };
const revoke = (role: 'candidate' | 'host'): LiveInterviewCommand => ({ type: 'RevokeLiveLink', role, ...id });
const reissue = (role: 'candidate' | 'host', linkId: string): LiveInterviewCommand => ({
  type: 'ReissueLiveLink',
  role,
  linkId,
  ...id,
});
const reschedule = (startsAt: string, timeZone = 'America/New_York'): LiveInterviewCommand => ({
  type: 'RescheduleLiveInterview',
  startsAt,
  timeZone,
  ...id,
});
const cancel: LiveInterviewCommand = { type: 'CancelLiveInterview', ...id };
const decline = (linkId = 'cand-1', note = ''): LiveInterviewCommand => ({
  type: 'DeclineLiveInterview',
  liveInterviewId: 'live-1',
  linkId,
  note,
  at: '2026-11-22T08:00:00.000Z',
});

/** given these commands were accepted … */
const given = (...commands: LiveInterviewCommand[]): LiveInterview =>
  commands.reduce((state, command) => decide(command, state).reduce(evolve, state), initialState());
/** … the interview as the last event carries it */
const details = (events: LiveInterviewEvent[]): LiveInterviewDetails => events.at(-1)!.data.interview;

describe('live interview decider', () => {
  it('schedules with the full details: template snapshot, interviewers unique by email, both links, sequence 0', () => {
    const events = decide(schedule(), initialState());
    expect(events).toEqual<LiveInterviewEvent[]>([
      {
        type: names.LiveInterviewScheduled,
        data: {
          interview: {
            liveInterviewId: 'live-1',
            organisationId: 'org-a',
            organisationName: 'One',
            templateId: 'tpl-1',
            templateName: 'Technical interview',
            instructions: 'Have a pen ready.',
            durationMinutes: 45,
            recordable: true,
            candidate: { name: 'Grace', email: 'grace@navy.test' },
            interviewers: [
              { name: 'Bob', email: 'bob@one.test' },
              { name: 'Carol', email: 'carol@guest.test' },
            ],
            scheduledBy: { recruiterId: 'rec-1', name: 'Ada', email: 'ada@one.test' },
            startsAt: '2026-12-01T15:00:00.000Z',
            timeZone: 'America/New_York',
            candidateLinkId: 'cand-1',
            hostLinkId: 'host-1',
            sequence: 0,
          },
          by: 'rec-1',
          at: by.at,
        },
      },
    ]);
    expect(given(schedule())).toMatchObject({ status: 'scheduled', retiredLinkIds: { candidate: [], host: [] } });
  });

  it.each<[string, Partial<Extract<LiveInterviewCommand, { type: 'ScheduleLiveInterview' }>>, string]>([
    ['an unknown template', { template: { status: 'none' } }, 'templateId'],
    [
      "another organisation's template",
      { template: { ...template, organisationId: 'org-b' } as LiveTemplate },
      'templateId',
    ],
    ['a start in the past', { startsAt: '2026-11-21T09:59:00Z' }, 'startsAt'],
    ['a start right now', { startsAt: by.at }, 'startsAt'],
    [
      'more than 10 interviewers with the template’s',
      {
        guestInterviewers: Array.from({ length: 10 }, (_, i) => ({ name: `G${i}`, email: `g${i}@guest.test` })),
      },
      'guestInterviewers',
    ],
    ['a candidate who is also an interviewer', { candidate: { name: 'Bob', email: 'Bob@One.test' } }, 'candidateEmail'],
  ])('refuses to schedule with %s (400 on the field)', (_name, changes, path) => {
    expect(() => decide(schedule(changes), initialState())).toThrow(ValidationError);
    try {
      decide(schedule(changes), initialState());
    } catch (error) {
      expect((error as ValidationError).errors?.map((field) => field.path)).toEqual([path]);
    }
  });

  it('refuses to schedule the same interview twice', () => {
    expect(() => decide(schedule(), given(schedule()))).toThrow(ConflictError);
  });

  it('reschedules to a future time, counting the sequence up; the same time again writes nothing', () => {
    const events = decide(reschedule('2026-12-02T09:00:00+01:00', 'Europe/Berlin'), given(schedule()));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: names.LiveInterviewRescheduled,
      data: { previousStartsAt: '2026-12-01T15:00:00.000Z' },
    });
    expect(details(events)).toMatchObject({
      startsAt: '2026-12-02T08:00:00.000Z',
      timeZone: 'Europe/Berlin',
      sequence: 1,
    });
    expect(decide(reschedule('2026-12-01T15:00:00.000Z'), given(schedule()))).toEqual([]);
    expect(() => decide(reschedule('2026-11-20T10:00:00Z'), given(schedule()))).toThrow(/future/);
  });

  it('revokes a link (its id becomes null, once) and reissues it with a new id, after revoking or not', () => {
    const revoked = decide(revoke('candidate'), given(schedule()));
    expect(revoked[0]).toMatchObject({ type: names.LiveLinkRevoked, data: { role: 'candidate', linkId: 'cand-1' } });
    expect(details(revoked)).toMatchObject({ candidateLinkId: null, hostLinkId: 'host-1', sequence: 0 });
    expect(decide(revoke('candidate'), given(schedule(), revoke('candidate')))).toEqual([]);

    const afterRevoke = decide(reissue('candidate', 'cand-2'), given(schedule(), revoke('candidate')));
    expect(afterRevoke[0]).toMatchObject({
      type: names.LiveLinkReissued,
      data: { linkId: 'cand-2', previousLinkId: null },
    });
    expect(details(afterRevoke)).toMatchObject({ candidateLinkId: 'cand-2', sequence: 1 });

    const replaced = decide(reissue('host', 'host-2'), given(schedule()));
    expect(replaced[0]).toMatchObject({ data: { role: 'host', linkId: 'host-2', previousLinkId: 'host-1' } });
    expect(details(replaced)).toMatchObject({ candidateLinkId: 'cand-1', hostLinkId: 'host-2', sequence: 1 });
    expect(
      given(schedule(), revoke('candidate'), reissue('candidate', 'cand-2'), reissue('host', 'host-2')),
    ).toMatchObject({
      retiredLinkIds: { candidate: ['cand-1'], host: ['host-1'] },
    });
  });

  it('cancels once (sequence up); a cancelled interview refuses every further command with 409', () => {
    const events = decide(cancel, given(schedule(), reschedule('2026-12-03T15:00:00Z')));
    expect(events[0]!.type).toBe(names.LiveInterviewCancelled);
    expect(details(events).sequence).toBe(2);
    const cancelled = given(schedule(), cancel);
    expect(cancelled.status).toBe('cancelled');
    for (const command of [cancel, reschedule('2026-12-03T15:00:00Z'), revoke('host'), reissue('candidate', 'x')])
      expect(() => decide(command, cancelled)).toThrow(ConflictError);
  });

  it('the candidate declines once with their note; a declined interview refuses the recruiter’s commands with 409', () => {
    const events = decide(decline('cand-1', 'I took another offer.'), given(schedule()));
    expect(events).toEqual([
      {
        type: names.LiveInterviewDeclinedByCandidate,
        data: {
          interview: expect.objectContaining({ liveInterviewId: 'live-1', sequence: 1 }),
          note: 'I took another offer.',
          by: 'cand-1',
          at: '2026-11-22T08:00:00.000Z',
        },
      },
    ]);
    const declined = given(schedule(), decline());
    expect(declined.status).toBe('declined');
    // a double submit writes nothing more
    expect(decide(decline(), declined)).toEqual([]);
    for (const command of [cancel, reschedule('2026-12-03T15:00:00Z'), revoke('host'), reissue('candidate', 'x')])
      expect(() => decide(command, declined)).toThrow(/declined/);
    // a cancelled interview cannot be declined; a link that is not the current one declines nothing
    expect(() => decide(decline(), given(schedule(), cancel))).toThrow(ConflictError);
    expect(() => decide(decline('cand-1'), given(schedule(), revoke('candidate'), reissue('candidate', 'cand-2')))).toThrow(
      NotFoundError,
    );
    expect(() => decide(decline(), initialState())).toThrow(NotFoundError);
  });

  it('answers "not found" to another organisation and for an interview that does not exist', () => {
    const other = { organisationId: 'org-b' };
    for (const command of [cancel, reschedule('2026-12-03T15:00:00Z'), revoke('host'), reissue('candidate', 'x')]) {
      expect(() => decide({ ...command, ...other }, given(schedule()))).toThrow(NotFoundError);
      expect(() => decide(command, initialState())).toThrow(NotFoundError);
    }
  });
});

describe('checkLiveLink', () => {
  // the presented token is the one of link `expected` (what LinkTokens.match says of such a token)
  const is =
    (expected: string) =>
    (links: SubjectLinks): LinkMatch =>
      links.current === expected
        ? { kind: 'current', linkId: expected }
        : links.retired.includes(expected)
          ? { kind: 'retired' }
          : { kind: 'none' };
  it('opens the current link of the role asked for', () => {
    const state = given(schedule());
    expect(checkLiveLink(state, 'candidate', is('cand-1'))).toMatchObject({ valid: true, linkId: 'cand-1' });
    expect(checkLiveLink(state, 'host', is('host-1'))).toMatchObject({ valid: true, linkId: 'host-1' });
  });
  it('calls a revoked or replaced link "revoked", anything else "invalid"', () => {
    const state = given(schedule(), revoke('candidate'), reissue('candidate', 'cand-2'), reissue('host', 'host-2'));
    expect(checkLiveLink(state, 'candidate', is('cand-1'))).toEqual({ valid: false, reason: 'revoked' });
    expect(checkLiveLink(state, 'host', is('host-1'))).toEqual({ valid: false, reason: 'revoked' });
    expect(checkLiveLink(state, 'candidate', is('cand-2'))).toMatchObject({ valid: true, linkId: 'cand-2' });
    expect(checkLiveLink(state, 'candidate', is('nope'))).toEqual({ valid: false, reason: 'invalid' });
    expect(checkLiveLink(initialState(), 'candidate', is('cand-1'))).toEqual({ valid: false, reason: 'invalid' });
  });
  it('says "cancelled" for the current link of a cancelled interview', () => {
    const state = given(schedule(), cancel);
    expect(checkLiveLink(state, 'candidate', is('cand-1'))).toEqual({ valid: false, reason: 'cancelled' });
    expect(checkLiveLink(state, 'host', is('nope'))).toEqual({ valid: false, reason: 'invalid' });
  });
  it('says "declined" for the current link of either role once the candidate declined', () => {
    const state = given(schedule(), decline());
    expect(checkLiveLink(state, 'candidate', is('cand-1'))).toEqual({ valid: false, reason: 'declined' });
    expect(checkLiveLink(state, 'host', is('host-1'))).toEqual({ valid: false, reason: 'declined' });
    expect(checkLiveLink(state, 'candidate', is('nope'))).toEqual({ valid: false, reason: 'invalid' });
  });
  it('summarises for the page without any email address, naming the scheduler among the interviewers', () => {
    const state = given(schedule());
    if (state.status === 'none') throw new Error('scheduled above');
    const summary = liveInterviewSummaryOf(state.interview);
    expect(summary).toMatchObject({
      candidateName: 'Grace',
      interviewerNames: ['Ada', 'Bob', 'Carol'],
      recordable: true,
    });
    expect(JSON.stringify(summary)).not.toContain('@');
  });
});
