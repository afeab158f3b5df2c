import { grantsFor } from '@candor/contracts';
import { UnauthorizedError } from '../errors';
import { createLiveTokens } from './live-tokens';
import { createRoomTokens } from './room-tokens';
import { createSessionTokens } from './session-tokens';

const secret = 'r'.repeat(40);
const grant = {
  sub: 'candidate',
  room: 'room-1',
  org: 'org-a',
  role: 'candidate' as const,
  lid: 'link-1',
  name: 'Grace',
  grants: grantsFor.candidate,
};

describe('room tokens', () => {
  const tokens = createRoomTokens(secret, 60);

  it('give every token a fresh id to spend, and round-trip the grants', () => {
    const first = tokens.verify(tokens.sign(grant).token);
    const second = tokens.verify(tokens.sign(grant).token);
    expect(first).toMatchObject(grant);
    expect(first.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.jti).not.toBe(first.jti);
  });

  it('refuse an expired one, one of another secret, and the other JWT kinds signed with the same secret', () => {
    const live = createLiveTokens(secret).sign({ sub: 'room-1', org: 'org-a', role: 'host', lid: 'link-1' }).token;
    const session = createSessionTokens(secret).sign({
      sub: 'rec-1',
      org: 'org-a',
      orgName: 'Acme',
      name: 'Ada',
      email: 'ada@acme.test',
    }).token;
    for (const token of [
      createRoomTokens(secret, -30).sign(grant).token,
      createRoomTokens('s'.repeat(40)).sign(grant).token,
      live,
      session,
    ]) {
      expect(() => tokens.verify(token)).toThrow(UnauthorizedError);
    }
  });
});
