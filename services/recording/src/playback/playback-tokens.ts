// Playback tokens: the signature of a short-lived playback URL. One module issues and verifies them;
// a token is never stored, and request logs never see it (the access log drops query strings, where
// it travels). A token is `<kid>.<claims>.<mac>`, where
//   kid    names the key (keys rotate: old kids keep verifying while listed),
//   claims is base64url of: version byte 1 | the recording's 16 UUID bytes | expiry (uint32, Unix
//          seconds) | the viewer, UTF-8 (`r|<organisationId>|<userId>` for a recruiter,
//          `s|<shareLinkId>|<viewingSessionId>` for a share link's viewing session),
//   mac    is HMAC-SHA256(key, 'candor-playback:v1|' + claims), base64url: 256 bits no one makes
//          without the key. The purpose prefix keeps these MACs apart from link tokens' under a shared key.
// Verification refuses every other spelling of the same bytes (base64url has spare bits), compares
// MACs in constant time, and answers a malformed, unknown-key, forged, expired or other recording's
// token alike (expired is told apart only so a player knows to ask for a fresh URL).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { playbackTokenMaxSeconds } from '@candor/contracts';
import type { LinkKey } from '@candor/runtime';

export type Viewer =
  | { kind: 'recruiter'; organisationId: string; userId: string }
  /** a share link's viewing session: the sharing service is asked about both on every range request */
  | { kind: 'share'; shareLinkId: string; viewingSessionId: string };

export type PlaybackCheck =
  { ok: true; viewer: Viewer; expiresAt: Date } | { ok: false; reason: 'invalid' | 'expired' };

export interface PlaybackTokens {
  /** A token for this recording and viewer, valid `ttlSeconds` (at most 300) from `now`. */
  issue(recordingId: string, viewer: Viewer, now: Date, ttlSeconds?: number): { token: string; expiresAt: Date };
  verify(token: string, recordingId: string, now: Date): PlaybackCheck;
}

const tokenPattern = /^([a-z0-9]{1,16})\.([A-Za-z0-9_-]{30,400})\.([A-Za-z0-9_-]{43})$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const viewerPart = /^[A-Za-z0-9_:@.-]{1,100}$/;
const version = 1;

function encodeViewer(viewer: Viewer): string {
  const parts =
    viewer.kind === 'recruiter'
      ? ['r', viewer.organisationId, viewer.userId]
      : ['s', viewer.shareLinkId, viewer.viewingSessionId];
  if (!parts.slice(1).every((part) => viewerPart.test(part))) throw new Error('viewer ids must be plain identifiers');
  return parts.join('|');
}

function decodeViewer(text: string): Viewer | null {
  const parts = text.split('|');
  if (!parts.slice(1).every((part) => viewerPart.test(part))) return null;
  if (parts[0] === 'r' && parts.length === 3)
    return { kind: 'recruiter', organisationId: parts[1]!, userId: parts[2]! };
  if (parts[0] === 's' && parts.length === 3)
    return { kind: 'share', shareLinkId: parts[1]!, viewingSessionId: parts[2]! };
  return null;
}

export function createPlaybackTokens(keys: LinkKey[]): PlaybackTokens {
  const [current] = keys;
  if (!current) throw new Error('at least one playback key is needed');
  const byKid = new Map(keys.map((key) => [key.kid, key.secret]));
  const mac = (secret: Buffer, claims: string) =>
    createHmac('sha256', secret).update(`candor-playback:v1|${claims}`).digest();

  return {
    issue(recordingId, viewer, now, ttlSeconds = playbackTokenMaxSeconds) {
      if (!uuidPattern.test(recordingId)) throw new Error('recording ids are lower-case UUIDs');
      const ttl = Math.min(Math.max(1, Math.floor(ttlSeconds)), playbackTokenMaxSeconds);
      const expiresAt = new Date((Math.floor(now.getTime() / 1000) + ttl) * 1000);
      const head = Buffer.alloc(21);
      head.writeUInt8(version, 0);
      Buffer.from(recordingId.replace(/-/g, ''), 'hex').copy(head, 1);
      head.writeUInt32BE(expiresAt.getTime() / 1000, 17);
      const claims = Buffer.concat([head, Buffer.from(encodeViewer(viewer), 'utf8')]).toString('base64url');
      return { token: `${current.kid}.${claims}.${mac(current.secret, claims).toString('base64url')}`, expiresAt };
    },
    verify(token, recordingId, now) {
      const invalid = { ok: false, reason: 'invalid' } as const;
      const parts = tokenPattern.exec(token);
      const secret = parts && byKid.get(parts[1]!);
      if (!parts || !secret) return invalid;
      const [, , claims, presentedText] = parts as unknown as [string, string, string, string];
      const bytes = Buffer.from(claims, 'base64url');
      const presented = Buffer.from(presentedText, 'base64url');
      // only the canonical spelling of the claims and of the MAC is the token
      if (bytes.toString('base64url') !== claims || presented.toString('base64url') !== presentedText) return invalid;
      const expected = mac(secret, claims);
      if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return invalid;
      // signed by us from here on: the checks below are of what it says, not whether it is genuine
      if (bytes.length < 22 || bytes.readUInt8(0) !== version) return invalid;
      const hex = bytes.subarray(1, 17).toString('hex');
      const named = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      if (named !== recordingId) return invalid;
      const viewer = decodeViewer(bytes.subarray(21).toString('utf8'));
      if (!viewer) return invalid;
      const expiresAt = new Date(bytes.readUInt32BE(17) * 1000);
      if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
      // a key holder could sign a long-lived one; this service never does, so it is refused
      if (expiresAt.getTime() - now.getTime() > playbackTokenMaxSeconds * 1000) return invalid;
      return { ok: true, viewer, expiresAt };
    },
  };
}
