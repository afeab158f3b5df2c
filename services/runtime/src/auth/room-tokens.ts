// Room tokens: what the media service mints from a live token after its room's write model lets the
// link in — a JWT (audience `candor-room`, 60 s) carrying the participant, the room and the grants
// (publish, subscribe, admit, record, mute, end). The browser presents it once, in the signalling
// socket's `hello`; each token has a fresh id (`jti`) that the signalling spends on first use.
import { randomUUID } from 'node:crypto';
import { roomTokenClaims, type RoomTokenClaims } from '@candor/contracts';
import { createSignedTokens } from './signed-tokens';

export interface RoomTokens {
  /** A single-use token for these grants (a fresh `jti` every time). */
  sign(claims: Omit<RoomTokenClaims, 'jti'>): { token: string; expiresAt: string };
  verify(token: string): RoomTokenClaims;
}

export function createRoomTokens(secret: string, ttlSeconds = 60): RoomTokens {
  const signed = createSignedTokens({
    secret,
    audience: 'candor-room',
    ttlSeconds,
    claims: roomTokenClaims,
    refusal: 'This room token is not valid; open your interview link again.',
  });
  return {
    sign: (claims) => signed.sign({ ...claims, jti: randomUUID() }),
    verify: (token) => signed.verify(token),
  };
}
