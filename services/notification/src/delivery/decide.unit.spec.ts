import { notificationEventNames as types } from '@candor/contracts';
import { ConflictError, NotFoundError } from '@candor/runtime';
import { decide, retryable, type DeliveryCommand } from './decide';
import { sampleInterview } from '../../test/live-fixtures';
import { evolve, initialState, type DeliveryEvent, type InvitationRequest, type LiveEmailRequest } from './delivery';

const request: InvitationRequest = {
  emailId: 'email-1',
  organisationId: 'org-a',
  inviteId: 'invite-1',
  linkId: 'link-1',
  purpose: 'candidate-invitation',
  to: 'ana@example.com',
  candidateName: 'Ana',
  jobTitle: 'Backend engineer',
  expiresAt: null,
  reason: 'invited',
  sourceEventId: 'event-1',
};
const at = '2026-11-21T10:00:00.000Z';
const later = '2026-11-21T11:00:00.000Z';
const sent = { ok: true as const, messageId: '<m1@candor>' };
const failed = { ok: false as const, error: 'SMTP delivery via mail:587 failed: connect ECONNREFUSED' };
const first = (outcome: typeof sent | typeof failed): DeliveryCommand => ({
  type: 'RecordFirstAttempt',
  request,
  outcome,
  transport: 'smtp',
  at,
});
const retry = (outcome: typeof sent | typeof failed, organisationId = 'org-a'): DeliveryCommand => ({
  type: 'RecordRetry',
  organisationId,
  outcome,
  transport: 'smtp',
  at: later,
});

const given = (...commands: DeliveryCommand[]) =>
  commands.reduce(
    (state, command) => decide(command, state).reduce((next, event) => evolve(next, event), state),
    initialState(),
  );

const about = {
  organisationId: 'org-a',
  inviteId: 'invite-1',
  linkId: 'link-1',
  purpose: 'candidate-invitation',
  emailId: 'email-1',
  to: 'ana@example.com',
  transport: 'smtp',
} as const;

describe('delivery decider', () => {
  it('records the request and a sent first attempt together', () => {
    expect(decide(first(sent), initialState())).toEqual<DeliveryEvent[]>([
      { type: types.EmailRequested, data: { ...request, at } },
      { type: types.EmailSent, data: { ...about, messageId: '<m1@candor>', attempt: 1, at } },
    ]);
    expect(given(first(sent))).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
  });

  it('records a failed first attempt with its error', () => {
    const [, outcome] = decide(first(failed), initialState());
    expect(outcome).toEqual({ type: types.EmailFailed, data: { ...about, error: failed.error, attempt: 1, at } });
    expect(given(first(failed))).toMatchObject({ status: 'failed', attempts: 1, lastError: failed.error });
  });

  it('records nothing when the delivery already has an outcome (a replayed invitation)', () => {
    expect(decide(first(sent), given(first(failed)))).toEqual([]);
    expect(decide(first(failed), given(first(sent)))).toEqual([]);
  });

  it('records a retry as the next attempt', () => {
    expect(decide(retry(sent), given(first(failed)))).toEqual([
      { type: types.EmailSent, data: { ...about, messageId: '<m1@candor>', attempt: 2, at: later } },
    ]);
    expect(given(first(failed), retry(failed), retry(sent))).toMatchObject({
      status: 'sent',
      attempts: 3,
      lastError: null,
    });
  });

  it('lets a recruiter retry only a failed delivery of their organisation', () => {
    expect(retryable(given(first(failed)), 'org-a')).toMatchObject({ status: 'failed', request });
    expect(() => retryable(given(first(sent)), 'org-a')).toThrow(ConflictError);
    expect(() => retryable(given(first(failed)), 'org-b')).toThrow(NotFoundError);
    expect(() => retryable(initialState(), 'org-a')).toThrow(NotFoundError);
  });

  it("refuses to record a retry of a delivery that does not exist or is another organisation's", () => {
    expect(() => decide(retry(sent), initialState())).toThrow(NotFoundError);
    expect(() => decide(retry(sent, 'org-b'), given(first(failed)))).toThrow(NotFoundError);
  });

  describe('a live interview email', () => {
    const interview = sampleInterview();
    const live: LiveEmailRequest = {
      emailId: 'email-2',
      organisationId: 'org-a',
      inviteId: interview.liveInterviewId,
      linkId: 'host-link-1',
      purpose: 'live-interviewer',
      to: 'grace@acme.test',
      recipientName: 'Grace Hopper',
      kind: 'scheduled',
      role: 'host',
      interview,
      previousStartsAt: null,
      changedAt: '2026-11-20T09:30:00.000Z',
      sourceEventId: 'event-2',
    };
    const firstLive = (outcome: typeof sent | typeof failed): DeliveryCommand => ({
      type: 'RecordFirstAttempt',
      request: live,
      outcome,
      transport: 'smtp',
      at,
    });

    it('records its own request event and an outcome that says whom and what it was about', () => {
      expect(decide(firstLive(sent), initialState())).toEqual<DeliveryEvent[]>([
        { type: types.LiveEmailRequested, data: { ...live, at } },
        {
          type: types.EmailSent,
          data: {
            organisationId: 'org-a',
            inviteId: interview.liveInterviewId,
            linkId: 'host-link-1',
            purpose: 'live-interviewer',
            emailId: 'email-2',
            to: 'grace@acme.test',
            transport: 'smtp',
            messageId: '<m1@candor>',
            attempt: 1,
            at,
          },
        },
      ]);
      expect(given(firstLive(failed))).toMatchObject({ status: 'failed', attempts: 1, request: live });
      expect(decide(firstLive(sent), given(firstLive(failed)))).toEqual([]);
    });

    it('is not retried by hand: the retry route knows invitations only', () => {
      expect(() => retryable(given(firstLive(failed)), 'org-a')).toThrow(NotFoundError);
    });
  });
});
