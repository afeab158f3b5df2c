import { grantsFor } from '@candor/contracts';
import { UnauthorizedError } from '../errors';
import { createLiveTokens } from './live-tokens';
import { createRoomTokens, type RoomTokens } from './room-tokens';
import { createSessionTokens } from './session-tokens';
import { generateSigningKey, tokenIssuers, type SigningKeys, type VerifyingKeys } from './signing-keys';
import { ownTokenKeys } from './token-keys';

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
  let keys: { signing: SigningKeys; verifying: VerifyingKeys };
  let tokens: RoomTokens;
  beforeAll(async () => {
    keys = await ownTokenKeys(tokenIssuers.media, [await generateSigningKey()]);
    tokens = createRoomTokens(keys, 60);
  });

  it('give every token a fresh id to spend, and round-trip the grants', async () => {
    const first = await tokens.verify((await tokens.sign(grant)).token);
    const second = await tokens.verify((await tokens.sign(grant)).token);
    expect(first).toMatchObject(grant);
    expect(first.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.jti).not.toBe(first.jti);
  });

  it('refuse an expired one, one of another key, and the other kinds — even signed with the media key itself', async () => {
    const otherKey = await ownTokenKeys(tokenIssuers.media, [await generateSigningKey()]);
    // the same private key under another issuer's name, and other audiences under this issuer
    const sameKeyAsInvite = { signing: { ...keys.signing, issuer: tokenIssuers.invite }, verifying: { ...keys.verifying, issuer: tokenIssuers.invite } };
    const live = (await createLiveTokens(sameKeyAsInvite).sign({ sub: 'room-1', org: 'org-a', role: 'host', lid: 'link-1' })).token;
    const session = (
      await createSessionTokens(keys).sign({ sub: 'rec-1', org: 'org-a', orgName: 'Acme', name: 'Ada', email: 'ada@acme.test' })
    ).token;
    for (const token of [
      (await createRoomTokens(keys, -30).sign(grant)).token,
      (await createRoomTokens(otherKey).sign(grant)).token,
      live,
      session,
    ]) {
      await expect(tokens.verify(token)).rejects.toThrow(UnauthorizedError);
    }
  });

  it('cannot be made by a verifier, which holds only public keys', async () => {
    const verifierOnly = createRoomTokens({ verifying: keys.verifying });
    await expect(verifierOnly.sign(grant)).rejects.toThrow(/does not issue/);
  });
});
