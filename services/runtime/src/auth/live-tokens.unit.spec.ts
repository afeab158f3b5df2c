import { UnauthorizedError } from '../errors';
import { bearerTokenOf } from './bearer';
import { createLiveTokens, liveClaimsOf } from './live-tokens';
import { createRoomTokens } from './room-tokens';

const secret = 'l'.repeat(40);
const claims = { sub: 'room-1', org: 'org-a', role: 'host' as const, lid: 'link-1' };
const request = (authorization?: string) => ({
  header: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined),
});

describe('live tokens', () => {
  const tokens = createLiveTokens(secret);

  it('are read from the bearer header only, and verified', () => {
    const { token } = tokens.sign(claims);
    expect(liveClaimsOf(request(`Bearer ${token}`), tokens)).toEqual(claims);
    for (const header of [undefined, token, `Basic ${token}`, 'Bearer ', `Bearer ${token.slice(0, -2)}xx`]) {
      expect(() => liveClaimsOf(request(header), tokens)).toThrow(UnauthorizedError);
    }
  });

  it('refuse a room token signed with the same secret (another audience)', () => {
    const room = createRoomTokens(secret).sign({
      sub: 'host-1',
      room: 'room-1',
      org: 'org-a',
      role: 'host',
      lid: 'link-1',
      name: 'Bo',
      grants: { publish: true, subscribe: true, admit: true, record: true, mute: true, end: true },
    }).token;
    expect(() => tokens.verify(room)).toThrow(UnauthorizedError);
  });
});

describe('bearerTokenOf', () => {
  it('takes the token after "Bearer ", trimmed, and nothing else', () => {
    expect(bearerTokenOf(request('Bearer  abc '))).toBe('abc');
    expect(bearerTokenOf(request('bearer abc'))).toBeUndefined();
    expect(bearerTokenOf(request('Bearer    '))).toBeUndefined();
    expect(bearerTokenOf(request(undefined))).toBeUndefined();
  });
});
