// Live tokens and room tokens of live interviews.
// - A live token (audience `candor-live`, 2 minutes) is what the invite service answers when a live
//   link is opened: it says which interview, which role, and which link id it came through. The
//   frontend's server holds it only long enough to ask the media service for a room token.
// - A room token (audience `candor-room`, 60 s, one use) is what the media service mints from a live
//   token after checking its room; the browser presents it once in the signalling socket's `hello`.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { liveRole, roomTokenClaims, type RoomTokenClaims } from '@candor/contracts';
import { createSignedTokens, type SignedTokens } from './signed-tokens';

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

export function createLiveTokens(secret: string, ttlSeconds = 120): LiveTokens {
  return createSignedTokens({
    secret,
    audience: 'candor-live',
    ttlSeconds,
    claims: liveClaims,
    refusal: 'This interview link is not valid.',
  });
}

export type RoomTokens = SignedTokens<RoomTokenClaims>;

export function createRoomTokens(secret: string, ttlSeconds = 60): RoomTokens {
  return createSignedTokens({
    secret,
    audience: 'candor-room',
    ttlSeconds,
    claims: roomTokenClaims,
    refusal: 'This room token is not valid; open your interview link again.',
  });
}

/** A fresh token id for `jti` (room tokens are single use). */
export const newTokenId = (): string => randomUUID();
