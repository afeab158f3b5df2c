// The candidate's link judged against the session's write model, with real link tokens.
import { randomUUID } from 'node:crypto';
import { inviteLinkPurpose } from '@candor/contracts';
import { createLinkTokens, generateLinkKeys, parseLinkKeys } from '@candor/runtime';
import { checkCandidateLink } from './candidate-link';
import { decide, type SessionCommand } from './decide';
import { evolve, initialState, type Session } from './session';

const tokens = createLinkTokens(parseLinkKeys(generateLinkKeys()));
const sessionId = randomUUID();
const [link1, link2] = [tokens.newLinkId(), tokens.newLinkId()];
const at = '2026-11-21T10:00:00.000Z';
const create: SessionCommand = {
  type: 'CreateSession',
  sessionId,
  organisationId: 'org-a',
  inviteId: sessionId,
  jobId: 'job-1',
  jobTitle: 'Backend engineer',
  jobDescription: '',
  questions: [{ id: 'q1', text: 'Why?' }],
  candidateName: '',
  candidateEmail: 'grace@example.test',
  linkId: link1,
  linkExpiresAt: '2026-12-01T00:00:00.000Z',
  at,
};
const given = (...commands: SessionCommand[]): Session =>
  commands.reduce((state, command) => decide(command, state).reduce(evolve, state), initialState());
const check = (state: Session, token: string, when = at) =>
  checkCandidateLink(state, (links) => tokens.match(token, inviteLinkPurpose, sessionId, links), when);
const tokenOf = (linkId: string) => tokens.tokenFor(inviteLinkPurpose, sessionId, linkId);

describe('checkCandidateLink', () => {
  it('opens the current link until its expiry, then says "expired"', () => {
    const state = given(create);
    expect(check(state, tokenOf(link1))).toMatchObject({ valid: true, access: { linkId: link1 } });
    expect(check(state, tokenOf(link1), '2026-12-01T00:00:00.000Z')).toEqual({ valid: false, reason: 'expired' });
  });

  it('says "revoked" for a replaced link, and "invalid" for a forged, foreign or other-purpose token', () => {
    const reissued = given(create, {
      type: 'ChangeLink',
      sessionId,
      organisationId: 'org-a',
      linkId: link2,
      previousLinkId: link1,
      expiresAt: null,
      at: '2026-11-21T11:00:00.000Z',
    });
    expect(check(reissued, tokenOf(link1))).toEqual({ valid: false, reason: 'revoked' });
    expect(check(reissued, tokenOf(link2), '2027-01-01T00:00:00.000Z')).toMatchObject({ valid: true });
    const forged = `${tokenOf(link2).slice(0, -2)}${tokenOf(link2).endsWith('AA') ? 'BA' : 'AA'}`;
    const foreign = createLinkTokens(parseLinkKeys(generateLinkKeys())).tokenFor(inviteLinkPurpose, sessionId, link2);
    const otherPurpose = tokens.tokenFor('live-candidate', sessionId, link2);
    for (const token of [forged, foreign, otherPurpose, 'garbage']) {
      expect(check(reissued, token)).toEqual({ valid: false, reason: 'invalid' });
    }
    expect(check(initialState(), tokenOf(link1))).toEqual({ valid: false, reason: 'invalid' });
  });
});
