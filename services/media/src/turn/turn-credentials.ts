// Short-lived TURN credentials for one participant, in the TURN REST API's time-limited scheme
// (draft-uberti-behave-turn-rest; coturn's `use-auth-secret`): the relay and this service share one
// secret, the username carries its own expiry, and the credential is base64(HMAC-SHA1(secret,
// username)). Nothing is stored anywhere: the relay recomputes the credential from the username.
// coturn checks the expiry when an allocation is made, never later, so a lifetime as short as a room
// token's is enough for a whole interview: every new peer connection gets credentials minted then.
import { createHmac } from 'node:crypto';
import type { IceServer } from '@candor/contracts';

export interface TurnRelay {
  /** turn:/turns: URLs the browser may try: UDP, TCP and TLS on 443 (see the media README) */
  urls: string[];
  /** coturn's static-auth-secret */
  secret: string;
  /** how long credentials live; never longer than a room token */
  lifetimeSeconds: number;
}

/** Credentials for `participantId` of `roomId`, valid until `expiresAt` (a room token's expiry, or now + lifetime). */
export function turnCredentials(
  relay: TurnRelay,
  who: { roomId: string; participantId: string },
  expiresAt: Date,
): IceServer {
  const expiry = Math.floor(expiresAt.getTime() / 1000);
  // coturn reads the expiry up to the first ':'; what follows only names the user in its logs
  const username = `${expiry}:${who.roomId}.${who.participantId}`;
  const credential = createHmac('sha1', relay.secret).update(username).digest('base64');
  return { urls: relay.urls, username, credential };
}

/** Mints the relays a participant's next connection may use, expiring no later than `notAfter`. */
export type IceServersFor = (who: { roomId: string; participantId: string }, notAfter?: Date) => IceServer[];

/** The relays a participant's next connection may use: none without a relay, else fresh credentials. */
export function iceServersFor(relay: TurnRelay | undefined, now: () => Date): IceServersFor {
  return (who, notAfter) => {
    if (!relay) return [];
    const latest = now().getTime() + relay.lifetimeSeconds * 1000;
    const expiresAt = new Date(Math.min(latest, notAfter?.getTime() ?? latest));
    return [turnCredentials(relay, who, expiresAt)];
  };
}
