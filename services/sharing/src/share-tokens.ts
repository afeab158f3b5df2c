// Share link tokens and viewing passes: the one module that issues and verifies both. Neither is
// ever stored or logged; each is derived when needed under the server's link keys (CANDOR_LINK_KEYS,
// rotation by key id) from random ids (128 bits) that the events hold:
//   share token   `<kid>.<shareLinkId as base64url>.<mac>`, the runtime's link-token scheme
//                 (services/runtime/src/links/link-tokens.ts) under its own purpose, so an invite or
//                 live link token never opens a share link and the reverse;
//   viewing pass  `<kid>.<viewingSessionId>.<mac>`, MAC = HMAC-SHA256(the purpose's own key, derived
//                 from the link key with HKDF (runtime `purposeKey`), shareLinkId | viewingSessionId):
//                 the viewer's cookie, bound to one link and one granted session.
// Both compare in constant time and accept only the canonical spelling; a malformed, unknown-kid or
// forged value is refused the same way.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { liveLinkPurposes } from '@candor/contracts';
import { createLinkTokens, purposeKey, type LinkKey } from '@candor/runtime';

export const shareLinkPurpose = 'share-link';
const viewingPurpose = 'candor-share-view:v1';
const passPattern = /^([a-z0-9]{1,16})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export interface ShareTokens {
  /** 128 random bits, base64url: a link id or a viewing session id */
  newRandomId(): string;
  tokenFor(shareLinkId: string, linkId: string): string;
  /** the share link a well-formed token names, or null; says nothing about validity */
  shareLinkOf(token: string): string | null;
  verify(token: string, shareLinkId: string, linkId: string): boolean;
  passFor(shareLinkId: string, viewingSessionId: string): string;
  /** the viewing session a pass proves for this link, or null */
  viewingSessionOf(pass: string, shareLinkId: string): string | null;
  /** the live interview a candidate link token names, or null; says nothing about validity */
  candidateInterviewOf(token: string): string | null;
  /** whether the token is the candidate link `linkId` of that live interview (the invite service's purpose) */
  verifyCandidate(token: string, liveInterviewId: string, linkId: string): boolean;
}

export function createShareTokens(keys: LinkKey[]): ShareTokens {
  const links = createLinkTokens(keys);
  const [current] = keys;
  if (!current) throw new Error('at least one link key is needed');
  const byKid = new Map(keys.map((key) => [key.kid, key.secret]));
  const mac = (secret: Buffer, shareLinkId: string, sessionId: string) =>
    createHmac('sha256', purposeKey(secret, viewingPurpose)).update(`${shareLinkId}|${sessionId}`).digest();

  return {
    newRandomId: () => randomBytes(16).toString('base64url'),
    tokenFor: (shareLinkId, linkId) => links.tokenFor(shareLinkPurpose, shareLinkId, linkId),
    shareLinkOf: (token) => links.subjectOf(token),
    verify: (token, shareLinkId, linkId) => links.verify(token, shareLinkPurpose, shareLinkId, linkId),
    candidateInterviewOf: (token) => links.subjectOf(token),
    verifyCandidate: (token, liveInterviewId, linkId) =>
      links.verify(token, liveLinkPurposes.candidate, liveInterviewId, linkId),
    passFor(shareLinkId, sessionId) {
      return `${current.kid}.${sessionId}.${mac(current.secret, shareLinkId, sessionId).toString('base64url')}`;
    },
    viewingSessionOf(pass, shareLinkId) {
      const parts = passPattern.exec(pass);
      const secret = parts && byKid.get(parts[1]!);
      if (!parts || !secret) return null;
      const expected = mac(secret, shareLinkId, parts[2]!);
      const presented = Buffer.from(parts[3]!, 'base64url');
      const canonical = presented.toString('base64url') === parts[3];
      const ok = canonical && presented.length === expected.length && timingSafeEqual(presented, expected);
      return ok ? parts[2]! : null;
    },
  };
}
