// Capability link tokens. A token is never stored: it is derived when needed from the link's id under
// a server key, `<kid>.<subject>.<mac>`, where
//   kid     names the key (so keys can rotate: old kids keep verifying while listed),
//   subject is the id of what the link opens (an invite), base64url of its 16 UUID bytes — a locator,
//           not a secret, so the check reads one stream instead of searching,
//   mac     is HMAC-SHA256(purpose key, subject | linkId), base64url: 256 bits no one can compute
//           without the key, from a linkId of 128 random bits chosen when the link was issued.
// One configured secret serves several purposes (invite links, live links, share links, viewing
// passes), so no MAC is made under it directly: each purpose gets its own key, derived with HKDF
// (`purposeKey`). A value made for one purpose then proves nothing for another, even if two
// purposes' messages ever came to look alike. Tokens of the earlier scheme (MAC under the secret
// itself, with the purpose spelled into the message: `candor-link:v1|purpose|…`, already apart per
// purpose) are still accepted, so links already emailed keep working; new tokens use the new one.
// An event store dump holds subjects and link ids, never a working token. Checks compare in constant
// time, and a malformed, unknown or forged token is refused the same way.
// This module is the one place a link token is made or checked: the services that hand links out
// (invite, notification) call `tokenFor`, the ones that open them (session for invite links, invite
// for live links) call `match` with the link ids their write model holds, then judge the rest
// (expiry, cancellation) in their own domain. `linkRefusal` is the answer every one of them gives.
// HMAC keys are symmetric: whoever can check a link can make one, so only those services get them.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export interface LinkKey {
  kid: string;
  secret: Buffer;
}

export interface LinkTokens {
  /** A new random link id (128 bits, base64url). */
  newLinkId(): string;
  /** The working token of a link, under the current key. */
  tokenFor(purpose: string, subjectId: string, linkId: string): string;
  /** The subject a well-formed token names, or null; says nothing about whether the token is valid. */
  subjectOf(token: string): string | null;
  /** true when the token is exactly the one this link has under one of the known keys. */
  verify(token: string, purpose: string, subjectId: string, linkId: string): boolean;
  /**
   * Which of a subject's links the token is: its current one, one it had before (revoked or
   * replaced), or none. Every retired link is checked, so the time taken does not tell which matched.
   */
  match(token: string, purpose: string, subjectId: string, links: SubjectLinks): LinkMatch;
}

/** The link ids a subject's write model holds for one purpose. */
export interface SubjectLinks {
  /** the working link; null while revoked */
  current: string | null;
  /** every link id it had before (link ids are random and never come back) */
  retired: readonly string[];
}

export type LinkMatch = { kind: 'current'; linkId: string } | { kind: 'retired' } | { kind: 'none' };

const kidPattern = /^[a-z0-9]{1,16}$/;
const tokenPattern = /^([a-z0-9]{1,16})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function uuidToBase64url(uuid: string): string {
  if (!uuidPattern.test(uuid)) throw new Error('link subjects must be lower-case UUIDs');
  return Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64url');
}

function base64urlToUuid(text: string): string | null {
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length !== 16 || bytes.toString('base64url') !== text) return null;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Parses `CANDOR_LINK_KEYS`: comma-separated `kid:secret` pairs, the first being the key new tokens
 * use; each secret is base64 or base64url of at least 32 bytes.
 */
export function parseLinkKeys(text: string): LinkKey[] {
  const keys = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf(':');
      const kid = part.slice(0, at);
      const secret = Buffer.from(part.slice(at + 1), 'base64');
      if (at < 1 || !kidPattern.test(kid))
        throw new Error('each link key must look like <kid>:<base64 secret>, kid a-z0-9');
      if (secret.length < 32) throw new Error(`link key ${kid} must have at least 32 bytes`);
      return { kid, secret };
    });
  if (keys.length === 0) throw new Error('at least one link key is needed');
  if (new Set(keys.map((key) => key.kid)).size !== keys.length) throw new Error('link key ids must be unique');
  return keys;
}

/** A fresh key in `CANDOR_LINK_KEYS` form, for the embedded mode's data folder and for tests. */
export function generateLinkKeys(kid = 'k1'): string {
  return `${kid}:${randomBytes(32).toString('base64')}`;
}

const purposeKeys = new WeakMap<Buffer, Map<string, Buffer>>();

/**
 * The key of one purpose under a configured secret: HKDF-SHA256 (RFC 5869) with the purpose as its
 * info, so every purpose MACs under its own key. Cached per secret and purpose.
 */
export function purposeKey(secret: Buffer, purpose: string): Buffer {
  let keys = purposeKeys.get(secret);
  if (!keys) purposeKeys.set(secret, (keys = new Map()));
  let key = keys.get(purpose);
  if (!key) keys.set(purpose, (key = Buffer.from(hkdfSync('sha256', secret, 'candor-purpose-keys', `candor:${purpose}`, 32))));
  return key;
}

export function createLinkTokens(keys: LinkKey[]): LinkTokens {
  const [current] = keys;
  if (!current) throw new Error('at least one link key is needed');
  const byKid = new Map(keys.map((key) => [key.kid, key.secret]));
  const mac = (secret: Buffer, purpose: string, subject: string, linkId: string) =>
    createHmac('sha256', purposeKey(secret, `link:${purpose}`)).update(`${subject}|${linkId}`).digest();
  /** the earlier scheme, still accepted: links made before per-purpose keys were in emails already */
  const legacyMac = (secret: Buffer, purpose: string, subject: string, linkId: string) =>
    createHmac('sha256', secret).update(`candor-link:v1|${purpose}|${subject}|${linkId}`).digest();

  function verify(token: string, purpose: string, subjectId: string, linkId: string): boolean {
    const parts = tokenPattern.exec(token);
    const secret = parts && byKid.get(parts[1]!);
    if (!parts || !secret || base64urlToUuid(parts[2]!) !== subjectId) return false;
    const presented = Buffer.from(parts[3]!, 'base64url');
    // 43 characters carry 2 bits more than 32 bytes: only the canonical spelling is the token
    const canonical = presented.toString('base64url') === parts[3];
    if (!canonical || presented.length !== 32) return false;
    // both compared every time, so the time taken does not tell which scheme matched
    const matchesNow = timingSafeEqual(presented, mac(secret, purpose, parts[2]!, linkId));
    const matchesLegacy = timingSafeEqual(presented, legacyMac(secret, purpose, parts[2]!, linkId));
    return matchesNow || matchesLegacy;
  }

  return {
    newLinkId: () => randomBytes(16).toString('base64url'),
    tokenFor(purpose, subjectId, linkId) {
      const subject = uuidToBase64url(subjectId);
      return `${current.kid}.${subject}.${mac(current.secret, purpose, subject, linkId).toString('base64url')}`;
    },
    subjectOf(token) {
      const parts = tokenPattern.exec(token);
      return parts ? base64urlToUuid(parts[2]!) : null;
    },
    verify,
    match(token, purpose, subjectId, links) {
      const matches = (linkId: string) => verify(token, purpose, subjectId, linkId);
      if (links.current !== null && matches(links.current)) return { kind: 'current', linkId: links.current };
      return links.retired.map(matches).some(Boolean)
        ? { kind: 'retired' }
        : { kind: 'none' };
    },
  };
}
