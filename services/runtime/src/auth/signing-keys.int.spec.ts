// Per-issuer keys over a real HTTP server: a verifier that fetches the issuer's JWKS document checks
// tokens with public keys only, follows a rotation without downtime (a new signing key is picked up
// by its key id; tokens of the old key verify while it is still published), and refuses a dropped
// key. Configuration refuses what would be a mistake (a private key handed to a verifier).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import { UnauthorizedError } from '../errors';
import { createLiveTokens } from './live-tokens';
import { generateSigningKey, parseKeySource, parsePrivateKeys, publicKeysOf, tokenIssuers, verifyingKeys } from './signing-keys';
import { ownTokenKeys } from './token-keys';

const claims = { sub: 'room-1', org: 'org-a', role: 'candidate' as const, lid: 'link-1' };

describe('signing keys', () => {
  let server: Server;
  let published: JWK[] = [];
  let fetches = 0;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/jwk-set+json');
      res.end(JSON.stringify(publicKeysOf(published)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/invite/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('lets a verifier with the issuer\u2019s document follow a rotation, and refuses a dropped key', async () => {
    const [oldKey, newKey] = [await generateSigningKey(), await generateSigningKey()];
    published = [oldKey];
    const verifier = createLiveTokens({ verifying: verifyingKeys(tokenIssuers.invite, parseKeySource(url)) });
    const before = await createLiveTokens(await ownTokenKeys(tokenIssuers.invite, [oldKey])).sign(claims);
    expect(await verifier.verify(before.token)).toMatchObject(claims);
    expect(fetches).toBe(1);
    expect(await verifier.verify(before.token)).toMatchObject(claims);
    expect(fetches).toBe(1); // cached

    // step 1: the new key is published beside the old one; step 2: it signs (first in the list)
    published = [oldKey, newKey];
    const after = await createLiveTokens(await ownTokenKeys(tokenIssuers.invite, [newKey, oldKey])).sign(claims);
    expect(JSON.parse(Buffer.from(after.token.split('.')[0]!, 'base64url').toString())).toMatchObject({
      alg: 'EdDSA',
      kid: newKey.kid,
    });
    // an unknown key id makes the verifier fetch the document again (its cool-down allowing)
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fresh = createLiveTokens({ verifying: verifyingKeys(tokenIssuers.invite, parseKeySource(url)) });
    expect(await fresh.verify(after.token)).toMatchObject(claims);
    expect(await fresh.verify(before.token)).toMatchObject(claims); // old tokens until they expire

    // step 3: the old key is dropped once its tokens have expired
    published = [newKey];
    const later = createLiveTokens({ verifying: verifyingKeys(tokenIssuers.invite, parseKeySource(url)) });
    await expect(later.verify(before.token)).rejects.toThrow(UnauthorizedError);
    expect(await later.verify(after.token)).toMatchObject(claims);
  });

  it('answers 503, not 401, while the issuer\u2019s document cannot be fetched', async () => {
    const verifier = createLiveTokens({
      verifying: verifyingKeys(tokenIssuers.invite, { url: 'http://127.0.0.1:9/.well-known/jwks.json' }),
    });
    const { token } = await createLiveTokens(await ownTokenKeys(tokenIssuers.invite, [await generateSigningKey()])).sign(claims);
    await expect(verifier.verify(token)).rejects.toMatchObject({ status: 503 });
  });

  it('checks key configuration: private keys for issuers, public keys only for verifiers', async () => {
    const key = await generateSigningKey();
    expect(parsePrivateKeys(JSON.stringify({ keys: [key] }))).toEqual([key]);
    expect(() => parsePrivateKeys(JSON.stringify(publicKeysOf([key])))).toThrow(/private key/);
    expect(() => parsePrivateKeys(JSON.stringify({ keys: [key, key] }))).toThrow(/twice/);
    expect(() => parsePrivateKeys('secret')).toThrow(/JSON Web Key Set/);
    expect(() => parseKeySource(JSON.stringify({ keys: [key] }))).toThrow(/public keys only/);
    expect(parseKeySource(JSON.stringify(publicKeysOf([key])))).toEqual({ jwks: publicKeysOf([key]) });
    expect(publicKeysOf([key]).keys[0]).not.toHaveProperty('d');
  });
});
