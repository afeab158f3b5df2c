// Recruiter session tokens: JWTs signed by the identity service and checked by every service on
// every request. HS256 with a shared secret (CANDOR_JWT_SECRET); the algorithm, issuer and audience
// are pinned on verify so a token of another kind or an `alg: none` token is refused.
import { sessionClaims, type SessionClaims } from '@candor/contracts';
import { createSignedTokens, type SignedTokens } from './signed-tokens';

export type SessionTokens = SignedTokens<SessionClaims>;

export function createSessionTokens(secret: string, ttlSeconds = 8 * 3600): SessionTokens {
  return createSignedTokens({
    secret,
    audience: 'candor-recruiter',
    ttlSeconds,
    claims: sessionClaims,
    refusal: 'Your session is invalid or has expired; sign in again.',
  });
}
