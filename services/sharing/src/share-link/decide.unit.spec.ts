import { builtinShareCeilings, sharingEventNames as names, shareProblemTypes } from '@candor/contracts';
import { ConflictError, GoneError, NotFoundError, ValidationError } from '@candor/runtime';
import { decide, type CreateShareLink, type ShareLinkCommand } from './decide';
import { evolve, initialState, statusAt, viewingSessionMs, type ShareLink, type ShareLinkEvent } from './share-link';

const t0 = '2026-11-21T10:00:00.000Z';
const later = (ms: number) => new Date(Date.parse(t0) + ms).toISOString();
const day = 24 * 60 * 60_000;
const content = {
  interviewTitle: true,
  inviterDetails: false,
  scheduledAt: true,
  duration: false,
  interviewerNames: false,
  averageScore: true,
};

const create = (changes: Partial<CreateShareLink> = {}): CreateShareLink => ({
  type: 'CreateShareLink',
  shareLinkId: 'share-1',
  organisationId: 'org-a',
  liveInterviewId: 'live-1',
  linkId: 'link-id-1',
  name: 'Marketing Team Review',
  nameVisibility: 'first',
  content,
  recordings: 'all',
  expiryDays: 7,
  maxViews: 2,
  quick: false,
  ceilings: builtinShareCeilings,
  interview: { organisationId: 'org-a', cancelled: false },
  dataUntil: null,
  by: 'rec-1',
  byName: 'Ada',
  at: t0,
  ...changes,
});
const view = (sessionId: string, at = t0, presented: string | null = null): ShareLinkCommand => ({
  type: 'ViewShareLink',
  presentedSessionId: presented,
  newSessionId: sessionId,
  userAgent: 'Firefox on Linux',
  at,
});

/** given past events (each decided from the state before it), when a command, then events or an error */
function given(...commands: ShareLinkCommand[]) {
  let state: ShareLink = initialState();
  for (const command of commands) for (const event of decide(command, state)) state = evolve(state, event);
  return {
    state,
    when: (command: ShareLinkCommand) => ({
      then: (): ShareLinkEvent[] => decide(command, state),
    }),
  };
}

function refusal(fn: () => unknown): { status: number; type?: string } {
  try {
    fn();
  } catch (error) {
    return { status: (error as GoneError).status, type: (error as GoneError).type };
  }
  throw new Error('expected a refusal');
}

describe('creating a share link', () => {
  it('records the link with its expiry computed from the days, and creating it twice changes nothing', () => {
    const [event] = given().when(create()).then();
    expect(event).toMatchObject({
      type: names.ShareLinkCreated,
      data: { expiresAt: later(7 * day), maxViews: 2, linkId: 'link-id-1', createdByName: 'Ada' },
    });
    expect(given(create()).when(create()).then()).toEqual([]);
  });
  it('refuses what passes the organisation ceilings', () => {
    expect(() =>
      given()
        .when(create({ expiryDays: 31 }))
        .then(),
    ).toThrow(ValidationError);
    expect(() =>
      given()
        .when(create({ maxViews: 51 }))
        .then(),
    ).toThrow(/at most 50 views/);
    expect(
      given()
        .when(create({ expiryDays: 30, maxViews: 50 }))
        .then(),
    ).toHaveLength(1);
  });
  it("answers another organisation's interview like an unknown one, and refuses a cancelled one", () => {
    expect(() =>
      given()
        .when(create({ interview: null }))
        .then(),
    ).toThrow(NotFoundError);
    expect(() =>
      given()
        .when(create({ interview: { organisationId: 'org-b', cancelled: false } }))
        .then(),
    ).toThrow(NotFoundError);
    expect(() =>
      given()
        .when(create({ interview: { organisationId: 'org-a', cancelled: true } }))
        .then(),
    ).toThrow(ConflictError);
  });
});

describe('editing and revoking', () => {
  const edit = (changes: object = {}): ShareLinkCommand => ({
    type: 'EditShareLink',
    organisationId: 'org-a',
    by: 'rec-1',
    at: t0,
    ...changes,
  });
  const revoke = (organisationId = 'org-a'): ShareLinkCommand => ({
    type: 'RevokeShareLink',
    organisationId,
    reason: 'recruiter',
    by: 'rec-1',
    at: t0,
  });

  it('edits visible content only when something changes; the link id stays', () => {
    const [event] = given(create())
      .when(edit({ nameVisibility: 'hidden' }))
      .then();
    expect(event).toMatchObject({
      type: names.ShareLinkEdited,
      data: { nameVisibility: 'hidden', content, name: 'Marketing Team Review' },
    });
    expect(
      given(create())
        .when(edit({ nameVisibility: 'first' }))
        .then(),
    ).toEqual([]);
    const after = given(create(), edit({ nameVisibility: 'hidden' })).state;
    expect(after.status === 'created' && after.link.linkId).toBe('link-id-1');
  });
  it("treats another organisation's link as missing and a deleted link as not editable", () => {
    expect(() =>
      given(create())
        .when(edit({ organisationId: 'org-b' }))
        .then(),
    ).toThrow(NotFoundError);
    expect(() => given(create()).when(revoke('org-b')).then()).toThrow(NotFoundError);
    expect(() =>
      given(create(), revoke())
        .when(edit({ name: 'x' }))
        .then(),
    ).toThrow(ConflictError);
  });
  it('revokes once; a second delete changes nothing', () => {
    expect(given(create()).when(revoke()).then()).toEqual([
      {
        type: names.ShareLinkRevoked,
        data: { shareLinkId: 'share-1', organisationId: 'org-a', reason: 'recruiter', by: 'rec-1', at: t0 },
      },
    ]);
    expect(given(create(), revoke()).when(revoke()).then()).toEqual([]);
  });
});

describe('viewing', () => {
  it('grants numbered viewing sessions up to max views, then answers "used up"', () => {
    const [first] = given(create()).when(view('s1')).then();
    expect(first).toMatchObject({
      type: names.ShareLinkViewed,
      data: { viewingSessionId: 's1', viewNumber: 1, userAgent: 'Firefox on Linux' },
    });
    const [second] = given(create(), view('s1')).when(view('s2')).then();
    expect(second).toMatchObject({ data: { viewNumber: 2 } });
    const usedUp = given(create(), view('s1'), view('s2'));
    expect(statusAt(usedUp.state as Exclude<ShareLink, { status: 'none' }>, new Date(t0))).toBe('used-up');
    expect(refusal(() => usedUp.when(view('s3')).then())).toEqual({ status: 410, type: shareProblemTypes.usedUp });
  });
  it('counts nothing for a reload within the viewing session, even once the budget is used up', () => {
    const used = given(create(), view('s1'), view('s2'));
    expect(used.when(view('s9', later(60_000), 's1')).then()).toEqual([]);
    // past the session's lifetime the same viewer needs a new view, which there is none of
    expect(refusal(() => used.when(view('s9', later(viewingSessionMs), 's1')).then()).status).toBe(410);
    // a session id the link never granted counts as none
    expect(
      given(create())
        .when(view('s2', t0, 'not-granted'))
        .then(),
    ).toHaveLength(1);
  });
  it('refuses an expired link (by the clock in the command) and a revoked one, each with its own type', () => {
    expect(
      given(create())
        .when(view('s1', later(7 * day - 1)))
        .then(),
    ).toHaveLength(1);
    expect(
      refusal(() =>
        given(create())
          .when(view('s1', later(7 * day)))
          .then(),
      ),
    ).toEqual({ status: 410, type: shareProblemTypes.expired });
    const revoked = given(create(), {
      type: 'RevokeShareLink',
      organisationId: 'org-a',
      reason: 'recruiter',
      by: 'rec-1',
      at: t0,
    });
    expect(refusal(() => revoked.when(view('s1')).then())).toEqual({ status: 410, type: shareProblemTypes.revoked });
    // revocation ends an open viewing session too
    const revokedWhileWatching = given(create(), view('s1'), {
      type: 'RevokeShareLink',
      organisationId: 'org-a',
      reason: 'recruiter',
      by: 'rec-1',
      at: t0,
    });
    expect(refusal(() => revokedWhileWatching.when(view('s2', t0, 's1')).then()).type).toBe(shareProblemTypes.revoked);
  });
  it('notes an expiry once, and only once the link has expired', () => {
    const noteAt = (at: string): ShareLinkCommand => ({ type: 'NoteExpiry', at });
    expect(
      given(create())
        .when(noteAt(later(day)))
        .then(),
    ).toEqual([]);
    expect(
      given(create())
        .when(noteAt(later(7 * day)))
        .then(),
    ).toEqual([
      {
        type: names.ShareLinkExpired,
        data: { shareLinkId: 'share-1', organisationId: 'org-a', expiresAt: later(7 * day), at: later(7 * day) },
      },
    ]);
    expect(
      given(create(), noteAt(later(7 * day)))
        .when(noteAt(later(8 * day)))
        .then(),
    ).toEqual([]);
  });
});

describe('no share link outlives the data', () => {
  const created = (changes: Partial<CreateShareLink>) => decide(create(changes), initialState());
  const expiryOf = (events: ShareLinkEvent[]) => (events[0]!.data as { expiresAt: string }).expiresAt;

  it('caps the expiry at the deletion date of the recordings the link shows', () => {
    expect(expiryOf(created({ expiryDays: 30, dataUntil: later(3 * day) }))).toBe(later(3 * day));
    // a deletion date past the expiry asked for changes nothing
    expect(expiryOf(created({ expiryDays: 7, dataUntil: later(90 * day) }))).toBe(later(7 * day));
  });

  it('brings the expiry forward when an edit shows recordings deleted sooner, and only then', () => {
    let state = initialState();
    for (const event of created({ expiryDays: 30 })) state = evolve(state, event);
    const edit = (dataUntil: string | null): ShareLinkCommand => ({
      type: 'EditShareLink',
      organisationId: 'org-a',
      recordings: ['3f1b8a2c-3d4e-4f50-8a61-7b8c9d0e1f20'],
      dataUntil,
      by: 'rec-1',
      at: t0,
    });
    const [edited] = decide(edit(later(2 * day)), state);
    expect(edited).toMatchObject({ type: names.ShareLinkEdited, data: { expiresAt: later(2 * day) } });
    state = evolve(state, edited!);
    expect(state.status !== 'none' && state.link.expiresAt).toBe(later(2 * day));
    expect(decide(edit(later(40 * day)), state)).toEqual([]);
  });
});
