// Service tokens: the recording service signs its own with its own key; a verifier holding its
// public keys takes only those — not another key's, not one naming another service, not another
// kind of token signed with the very same key, not an expired one.
import { UnauthorizedError } from '../errors';
import { createServiceTokens, serviceClaims, type ServiceTokens } from './service-tokens';
import { createSessionTokens } from './session-tokens';
import { createSignedTokens } from './signed-tokens';
import { generateSigningKey, publicKeysOf, tokenIssuers, verifyingKeys, type SigningKeys, type VerifyingKeys } from './signing-keys';
import { ownTokenKeys } from './token-keys';

describe('service tokens', () => {
  let keys: { signing: SigningKeys; verifying: VerifyingKeys };
  let issuer: ServiceTokens;
  let verifier: ServiceTokens;
  beforeAll(async () => {
    const key = await generateSigningKey();
    keys = await ownTokenKeys(tokenIssuers.recording, [key]);
    issuer = createServiceTokens(keys);
    // what media holds: the public halves only
    verifier = createServiceTokens({ verifying: verifyingKeys(tokenIssuers.recording, { jwks: publicKeysOf([key]) }) });
  });

  it('round-trip from the issuer to a verifier with its public keys', async () => {
    expect(await verifier.verify((await issuer.sign({ sub: 'recording' })).token)).toEqual({ sub: 'recording' });
  });

  it('are signed by the issuer for itself only, and a verifier cannot sign', async () => {
    await expect(issuer.sign({ sub: 'notification' })).rejects.toThrow(/own service tokens/);
    await expect(verifier.sign({ sub: 'recording' })).rejects.toThrow(/does not issue/);
  });

  it('refuse another key, another service named, another kind with the same key, and an expired one', async () => {
    const other = createServiceTokens(await ownTokenKeys(tokenIssuers.recording, [await generateSigningKey()]));
    const namingAnother = createSignedTokens({ keys, audience: 'candor-service', ttlSeconds: 60, claims: serviceClaims, refusal: 'no' });
    const asIdentity = { signing: { ...keys.signing, issuer: tokenIssuers.identity }, verifying: { ...keys.verifying, issuer: tokenIssuers.identity } };
    const session = createSessionTokens(asIdentity);
    const refused = [
      (await other.sign({ sub: 'recording' })).token,
      (await namingAnother.sign({ sub: 'media' })).token,
      (await session.sign({ sub: 'r', org: 'o', name: 'R', email: 'r@o.test', orgName: 'O' })).token,
      (await createServiceTokens(keys, -30).sign({ sub: 'recording' })).token,
    ];
    for (const token of refused) await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('with no keys configured, refuse every token', async () => {
    const none = createServiceTokens({ verifying: verifyingKeys(tokenIssuers.recording, { jwks: { keys: [] } }) });
    await expect(none.verify((await issuer.sign({ sub: 'recording' })).token)).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
