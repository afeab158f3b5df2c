import { inviteEventNames as names } from '@candor/contracts';
import type { Job } from '../job';
import { decide } from './decide';
import { evolve, initialState, type Invite, type InviteEvent } from './invite';

const by = { organisationId: 'org-1', recruiterId: 'rec-1', at: '2026-11-22T10:00:00.000Z' };
const activeJob: Job = {
  status: 'active',
  id: 'job-1',
  organisationId: 'org-1',
  title: 'Backend engineer',
  description: 'Build things',
  questions: [{ id: 'q1', text: 'Why?' }],
};
const invite = (overrides: Partial<Parameters<typeof decide>[0]> = {}) =>
  ({
    type: 'InviteCandidate',
    inviteId: 'inv-1',
    job: activeJob,
    jobId: 'job-1',
    candidateName: 'Ada',
    candidateEmail: 'ada@example.com',
    expiresAt: null,
    linkId: 'link-1',
    ...by,
    ...overrides,
  }) as Parameters<typeof decide>[0];

const fold = (events: InviteEvent[], state: Invite = initialState()) => events.reduce(evolve, state);
const invited = () => fold(decide(invite(), initialState()));

describe('invite decide', () => {
  test('inviting snapshots the job and issues the link', () => {
    const [event] = decide(invite(), initialState());
    expect(event).toMatchObject({
      type: names.CandidateInvited,
      data: {
        jobTitle: 'Backend engineer',
        questions: activeJob.questions,
        linkId: 'link-1',
        expiresAt: null,
        invitedBy: 'rec-1',
      },
    });
  });

  test.each([
    ['an unknown job', { status: 'none' } as Job, /does not exist/],
    ['another organisation’s job', { ...activeJob, organisationId: 'org-2' } as Job, /does not exist/],
    ['an inactive job', { ...activeJob, status: 'inactive' } as Job, /inactive/],
  ])('inviting to %s is refused', (_name, job, message) => {
    expect(() => decide(invite({ job } as never), initialState())).toThrow(message);
  });

  test('an expiry in the past is refused; a future one is kept', () => {
    expect(() => decide(invite({ expiresAt: '2026-11-22T09:00:00Z' } as never), initialState())).toThrow(/future/);
    const [event] = decide(invite({ expiresAt: '2026-12-01T00:00:00+01:00' } as never), initialState());
    expect(event!.data).toMatchObject({ expiresAt: '2026-11-30T23:00:00.000Z' });
  });

  test('revoke clears the link once; a second revoke writes nothing', () => {
    const state = invited();
    const revoked = decide({ type: 'RevokeLink', inviteId: 'inv-1', ...by }, state);
    expect(revoked).toHaveLength(1);
    const after = fold(revoked, state);
    expect(after).toMatchObject({ linkId: null, retiredLinkIds: ['link-1'] });
    expect(decide({ type: 'RevokeLink', inviteId: 'inv-1', ...by }, after)).toEqual([]);
  });

  test('re-issue replaces the link; the old one is retired', () => {
    const after = fold(
      decide({ type: 'ReissueLink', inviteId: 'inv-1', linkId: 'link-2', ...by }, invited()),
      invited(),
    );
    expect(after).toMatchObject({ linkId: 'link-2', retiredLinkIds: ['link-1'] });
  });

  test('re-issuing an expired link starts the new one without expiry', () => {
    const state = fold(decide(invite({ expiresAt: '2026-11-23T00:00:00Z' } as never), initialState()));
    const later = { ...by, at: '2026-11-24T00:00:00.000Z' };
    const [event] = decide({ type: 'ReissueLink', inviteId: 'inv-1', linkId: 'link-2', ...later }, state);
    expect(event!.data).toMatchObject({ expiresAt: null, previousLinkId: 'link-1' });
  });

  test('another organisation cannot touch an invite', () => {
    const other = { ...by, organisationId: 'org-2' };
    expect(() => decide({ type: 'RevokeLink', inviteId: 'inv-1', ...other }, invited())).toThrow(/not found/);
    expect(() => decide({ type: 'ReissueLink', inviteId: 'inv-1', linkId: 'x', ...other }, invited())).toThrow(
      /not found/,
    );
    expect(() => decide({ type: 'SetExpiry', inviteId: 'inv-1', expiresAt: null, ...other }, invited())).toThrow(
      /not found/,
    );
  });

  test('setting the same expiry again writes nothing', () => {
    expect(decide({ type: 'SetExpiry', inviteId: 'inv-1', expiresAt: null, ...by }, invited())).toEqual([]);
    expect(
      decide({ type: 'SetExpiry', inviteId: 'inv-1', expiresAt: '2027-01-01T00:00:00Z', ...by }, invited()),
    ).toHaveLength(1);
  });
});
