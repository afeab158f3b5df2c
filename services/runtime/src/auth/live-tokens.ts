// Live tokens: what the invite service answers when a live link (`/join/…`, `/host/…`) is opened —
// a JWT (issuer `candor-invite`, audience `candor-live`, 2 minutes) saying which interview, which role,
// and which link id it came through, signed with the invite service's own private key. The frontend's
// server holds it only long enough to ask the media service for the room's state or a room token;
// the media service (and its HTTP host commands) verify it here with the invite service's public keys.
import { z } from 'zod';
import { liveRole } from '@candor/contracts';
import { UnauthorizedError } from '../errors';
import { bearerTokenOf, type HeaderSource } from './bearer';
import { createSignedTokens, type SignedTokens, type TokenKeys } from './signed-tokens';

export const liveClaims = z.object({
  /** live interview id (= room id) */
  sub: z.string(),
  org: z.string(),
  role: liveRole,
  /** the link id the token was minted from */
  lid: z.string(),
});
export type LiveClaims = z.infer<typeof liveClaims>;
export type LiveTokens = SignedTokens<LiveClaims>;

export function createLiveTokens(keys: TokenKeys, ttlSeconds = 120): LiveTokens {
  return createSignedTokens({
    keys,
    audience: 'candor-live',
    ttlSeconds,
    claims: liveClaims,
    refusal: 'This interview link is not valid.',
  });
}

/** The verified live token of a request (`Authorization: Bearer`), or 401. */
export async function liveClaimsOf(req: HeaderSource, liveTokens: LiveTokens): Promise<LiveClaims> {
  const token = bearerTokenOf(req);
  if (!token) throw new UnauthorizedError('Open your interview link to join.');
  return liveTokens.verify(token);
}
