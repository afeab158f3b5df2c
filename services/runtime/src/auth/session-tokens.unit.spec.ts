import { createHmac } from 'node:crypto';
import { UnauthorizedError } from '../errors';
import { createSessionTokens } from './session-tokens';
import { generateSigningKey, tokenIssuers } from './signing-keys';
import { ownTokenKeys } from './token-keys';

const claims = { sub: 'rec-1', org: 'org-a', orgName: 'Acme', name: 'Ada', email: 'ada@acme.test' };
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('session tokens', () => {
  let tokens: ReturnType<typeof createSessionTokens>;
  let publicX: string;
  beforeAll(async () => {
    const key = await generateSigningKey();
    publicX = key.x!;
    tokens = createSessionTokens(await ownTokenKeys(tokenIssuers.identity, [key]), { ttlSeconds: 60 });
  });

  it('round-trips the claims with a fresh token id each time', async () => {
    const { token, expiresAt } = await tokens.sign(claims);
    const session = await tokens.verify(token);
    expect(session).toMatchObject(claims);
    expect(session.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect((await tokens.verify((await tokens.sign(claims)).token)).jti).not.toBe(session.jti);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
  });

  it('refuses another key of the same issuer, alg:none, HS256 keyed with the public key, and garbage', async () => {
    const foreign = createSessionTokens(await ownTokenKeys(tokenIssuers.identity, [await generateSigningKey()]));
    const { token } = await tokens.sign(claims);
    const [header] = token.split('.');
    const payload = { ...claims, jti: 'x', iss: tokenIssuers.identity, aud: 'candor-recruiter', exp: Math.floor(Date.now() / 1000) + 60 };
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
    const confusedInput = `${b64({ alg: 'HS256', typ: 'JWT', kid: JSON.parse(Buffer.from(header!, 'base64url').toString()).kid })}.${b64(payload)}`;
    const confused = `${confusedInput}.${createHmac('sha256', publicX).update(confusedInput).digest('base64url')}`;
    for (const bad of [(await foreign.sign(claims)).token, unsigned, confused, 'not.a.token']) {
      await expect(tokens.verify(bad)).rejects.toThrow(UnauthorizedError);
    }
  });

  it('refuses an expired token and one whose id is on the deny list', async () => {
    const keys = await ownTokenKeys(tokenIssuers.identity, [await generateSigningKey()]);
    const expired = await createSessionTokens(keys, { ttlSeconds: -30 }).sign(claims);
    const denied = new Set<string>();
    const checked = createSessionTokens(keys, { revocations: { isRevoked: async (jti) => denied.has(jti) } });
    await expect(checked.verify(expired.token)).rejects.toThrow(UnauthorizedError);
    const { token } = await checked.sign(claims);
    const { jti } = await checked.verify(token);
    denied.add(jti);
    await expect(checked.verify(token)).rejects.toThrow(UnauthorizedError);
  });
});
