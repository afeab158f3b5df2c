// The JWT mechanics the token modules share (session-tokens, live-tokens, room-tokens), with jose:
// EdDSA under the issuer's own private key, its key id in the header; on verify the algorithm, the
// issuer and the audience are pinned (so a token of another kind or issuer, or `alg: none`, is
// refused), the key is found by `kid` among that issuer's public keys only, and the claims are
// validated against their schema. The kinds differ in issuer, audience, lifetime, claims and the
// words of the refusal; each kind's module is the one place that chooses them.
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { z } from 'zod';
import { ServiceUnavailableError, UnauthorizedError } from '../errors';
import { signingAlgorithm, type SigningKeys, type VerifyingKeys } from './signing-keys';

export interface SignedTokens<Claims> {
  sign(claims: Claims): Promise<{ token: string; expiresAt: string }>;
  verify(token: string): Promise<Claims>;
}

/** The keys of one kind of token: a verifier has only `verifying`; the issuer has both. */
export interface TokenKeys {
  signing?: SigningKeys;
  verifying: VerifyingKeys;
}

/**
 * jose's failures to reach an issuer's key document (a timeout, or the network's own error, which
 * jose passes through): not the token's fault. Everything jose says about a token is a JOSEError.
 */
const unreachable = (error: unknown) => error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError);

export function createSignedTokens<Schema extends z.ZodType<object>>(options: {
  keys: TokenKeys;
  audience: string;
  ttlSeconds: number;
  claims: Schema;
  /** what a refused token is told */
  refusal: string;
}): SignedTokens<z.output<Schema>> {
  const { keys, audience, ttlSeconds, claims, refusal } = options;
  const { issuer } = keys.verifying;
  if (keys.signing && keys.signing.issuer !== issuer) throw new Error('signing and verifying keys of different issuers');
  return {
    async sign(payload) {
      const signing = keys.signing;
      if (!signing) throw new Error(`this service does not issue ${audience} tokens`);
      const now = Math.floor(Date.now() / 1000);
      const exp = now + ttlSeconds;
      const token = await new SignJWT({ ...(payload as JWTPayload) })
        .setProtectedHeader({ alg: signingAlgorithm, kid: signing.kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(exp)
        .sign(signing.key);
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },
    async verify(token) {
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, keys.verifying.getKey, {
          algorithms: [signingAlgorithm],
          issuer,
          audience,
        }));
      } catch (error) {
        if (unreachable(error)) {
          throw new ServiceUnavailableError('Tokens cannot be checked right now; try again in a moment.');
        }
        throw new UnauthorizedError(refusal);
      }
      const parsed = claims.safeParse(payload);
      if (!parsed.success) throw new UnauthorizedError(refusal);
      return parsed.data;
    },
  };
}
