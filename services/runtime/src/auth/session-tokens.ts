// Recruiter session tokens: JWTs signed by the identity service and checked by every service on
// every request. HS256 with a shared secret (CANDOR_JWT_SECRET); the algorithm, issuer and audience
// are pinned on verify so a token of another kind or an `alg: none` token is refused.
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { sessionClaims, type SessionClaims } from '@candor/contracts';
import { UnauthorizedError } from '../errors';

const issuer = 'candor';
const audience = 'candor-recruiter';

export interface SessionTokens {
  sign(claims: SessionClaims): { token: string; expiresAt: string };
  verify(token: string): SessionClaims;
}

export function createSessionTokens(secret: string, ttlSeconds = 8 * 3600): SessionTokens {
  if (secret.length < 32) throw new Error('the session secret must have at least 32 characters');
  // One KeyObject for the process: given a string, jsonwebtoken builds a new key on every call.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return {
    sign(claims) {
      const token = jwt.sign(claims, key, { algorithm: 'HS256', issuer, audience, expiresIn: ttlSeconds });
      const { exp } = jwt.decode(token) as { exp: number };
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },
    verify(token) {
      let payload: unknown;
      try {
        payload = jwt.verify(token, key, { algorithms: ['HS256'], issuer, audience });
      } catch {
        throw new UnauthorizedError('Your session is invalid or has expired; sign in again.');
      }
      const claims = sessionClaims.safeParse(payload);
      if (!claims.success) throw new UnauthorizedError('Your session is invalid; sign in again.');
      return claims.data;
    },
  };
}
