import { UnauthorizedError } from '../errors';
import { bearerTokenOf } from './bearer';
import { createLiveTokens, liveClaimsOf, type LiveTokens } from './live-tokens';
import { createRoomTokens } from './room-tokens';
import { generateSigningKey, publicKeysOf, tokenIssuers, verifyingKeys } from './signing-keys';
import { ownTokenKeys } from './token-keys';

const claims = { sub: 'room-1', org: 'org-a', role: 'host' as const, lid: 'link-1' };
const request = (authorization?: string) => ({
  header: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined),
});

describe('live tokens', () => {
  let issuer: LiveTokens;
  let verifier: LiveTokens;
  beforeAll(async () => {
    const key = await generateSigningKey();
    issuer = createLiveTokens(await ownTokenKeys(tokenIssuers.invite, [key]));
    // the media service's view: the invite service's public keys only
    verifier = createLiveTokens({ verifying: verifyingKeys(tokenIssuers.invite, { jwks: publicKeysOf([key]) }) });
  });

  it('are read from the bearer header only, and verified with the issuer\u2019s public keys', async () => {
    const { token } = await issuer.sign(claims);
    expect(await liveClaimsOf(request(`Bearer ${token}`), verifier)).toMatchObject(claims);
    for (const header of [undefined, token, `Basic ${token}`, 'Bearer ', `Bearer ${token.slice(0, -2)}xx`]) {
      await expect(liveClaimsOf(request(header), verifier)).rejects.toThrow(UnauthorizedError);
    }
  });

  it('refuse a room token (another issuer and audience)', async () => {
    const media = await ownTokenKeys(tokenIssuers.media, [await generateSigningKey()]);
    const room = (
      await createRoomTokens(media).sign({
        sub: 'host-1',
        room: 'room-1',
        org: 'org-a',
        role: 'host',
        lid: 'link-1',
        name: 'Bo',
        grants: { publish: true, subscribe: true, admit: true, record: true, mute: true, end: true },
      })
    ).token;
    await expect(verifier.verify(room)).rejects.toThrow(UnauthorizedError);
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
