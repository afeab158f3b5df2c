// Room tokens: what the media service mints from a live token after its room's write model lets the
// link in — a JWT (issuer `candor-media`, audience `candor-room`, 60 s) carrying the participant, the
// room and the grants (publish, subscribe, admit, record, mute, end), signed with the media service's
// own private key. The browser presents it once, in the signalling socket's `hello`; each token has a
// fresh id (`jti`) that the signalling spends on first use.
import { randomUUID } from 'node:crypto';
import { roomTokenClaims, type RoomTokenClaims } from '@candor/contracts';
import { createSignedTokens, type TokenKeys } from './signed-tokens';

export interface RoomTokens {
  /** A single-use token for these grants (a fresh `jti` every time). */
  sign(claims: Omit<RoomTokenClaims, 'jti'>): Promise<{ token: string; expiresAt: string }>;
  verify(token: string): Promise<RoomTokenClaims>;
}

export function createRoomTokens(keys: TokenKeys, ttlSeconds = 60): RoomTokens {
  const signed = createSignedTokens({
    keys,
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
