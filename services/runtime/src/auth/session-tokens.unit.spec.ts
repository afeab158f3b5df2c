import { createHmac } from 'node:crypto';
import { errors } from 'jose';
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

// The verified-token cache (verified-token-cache.ts) skips only the signature check of a token seen
// before: none of these may be answered from it.
describe('session tokens: what the verified-token cache never lets through', () => {
  let keys: Awaited<ReturnType<typeof ownTokenKeys>>;
  beforeAll(async () => {
    keys = await ownTokenKeys(tokenIssuers.identity, [await generateSigningKey()]);
  });

  it('refuses a cached token once it has expired (its exp, by the clock of the moment)', async () => {
    let clock = Date.now();
    const tokens = createSessionTokens(keys, { ttlSeconds: 60, cache: { now: () => clock } });
    const { token } = await tokens.sign(claims);
    const { exp } = await tokens.verify(token);
    clock = exp * 1000 - 1_000;
    await expect(tokens.verify(token)).resolves.toMatchObject(claims);
    clock = exp * 1000; // jose's rule: exp ≤ now is expired
    await expect(tokens.verify(token)).rejects.toThrow(UnauthorizedError);
    clock = exp * 1000 + 5_000;
    await expect(tokens.verify(token)).rejects.toThrow(UnauthorizedError);
  });

  it('refuses a cached token as soon as its session is on the deny list, and keeps refusing it', async () => {
    const denied = new Set<string>();
    const asked: string[] = [];
    const tokens = createSessionTokens(keys, {
      revocations: {
        isRevoked: async (jti) => {
          asked.push(jti);
          return denied.has(jti);
        },
      },
    });
    const { token } = await tokens.sign(claims);
    const { jti } = await tokens.verify(token);
    await tokens.verify(token); // from the cache: the deny list is still asked
    expect(asked).toEqual([jti, jti]);
    denied.add(jti);
    await expect(tokens.verify(token)).rejects.toThrow(UnauthorizedError);
    await expect(tokens.verify(token)).rejects.toThrow(UnauthorizedError);
  });

  it('never answers a tampered or foreign token from the cached genuine one', async () => {
    const tokens = createSessionTokens(keys);
    const { token } = await tokens.sign(claims);
    await tokens.verify(token);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
    const otherClaims = b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), org: 'org-b' });
    for (const bad of [`${header}.${payload}.${flipped}`, `${header}.${otherClaims}.${signature}`]) {
      await expect(tokens.verify(bad)).rejects.toThrow(UnauthorizedError);
    }
    const foreign = createSessionTokens(await ownTokenKeys(tokenIssuers.identity, [await generateSigningKey()]));
    const foreignToken = (await foreign.sign(claims)).token;
    await foreign.verify(foreignToken);
    await expect(tokens.verify(foreignToken)).rejects.toThrow(UnauthorizedError);
  });

  it('checks the signature again after maxAgeMs (a retired key stops working within it)', async () => {
    let clock = Date.now();
    const keySet = await ownTokenKeys(tokenIssuers.identity, [await generateSigningKey()]);
    // a verifier whose key set we can empty, as a rotation that retires the key would
    let retired = false;
    const verifying = { ...keySet.verifying, getKey: (...args: Parameters<typeof keySet.verifying.getKey>) => {
      if (retired) throw new errors.JWKSNoMatchingKey();
      return keySet.verifying.getKey(...args);
    } };
    const tokens = createSessionTokens({ ...keySet, verifying }, { cache: { now: () => clock, maxAgeMs: 60_000 } });
    const { token } = await tokens.sign(claims);
    await tokens.verify(token);
    retired = true;
    clock += 59_000;
    await expect(tokens.verify(token)).resolves.toMatchObject(claims);
    clock += 1_000;
    await expect(tokens.verify(token)).rejects.toThrow(UnauthorizedError);
  });

  it('hands each request its own copy of the claims', async () => {
    const tokens = createSessionTokens(keys);
    const { token } = await tokens.sign(claims);
    const first = await tokens.verify(token);
    (first as { org: string }).org = 'changed by a handler';
    expect((await tokens.verify(token)).org).toBe(claims.org);
  });
});
