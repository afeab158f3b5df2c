// The keys signed tokens are made and checked with: one Ed25519 key pair (EdDSA) per issuer, each
// with a key id (`kid`). An issuer holds its private keys (identity: recruiter sessions; invite: live
// tokens; media: room tokens; recording: its service tokens) and publishes the public halves as a JWKS document
// (`/api/<service>/.well-known/jwks.json`); a verifier holds only public keys — given inline (a JWKS
// in its configuration) or fetched from the issuer's document and cached (jose's remote key set:
// fetched again when a token names a key id it does not know, at most every 30 s, and every 10
// minutes anyway).
//
// Rotation without downtime: an issuer's key list is "signing key first, then the keys still
// published". Add the new key at the end (published, not yet signing), wait for verifiers' caches
// (10 minutes), move it to the front, and drop the old key once its last token has expired (8 hours
// for recruiter sessions, the longest lifetime).
import { randomBytes } from 'node:crypto';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
  type KeyLike,
} from 'jose';

export const signingAlgorithm = 'EdDSA';

/** The `iss` of each issuer's tokens: a verifier takes a kind of token from its one issuer only. */
export const tokenIssuers = {
  identity: 'candor-identity',
  invite: 'candor-invite',
  media: 'candor-media',
  /** service tokens the recording service presents to the media service's internal API */
  recording: 'candor-recording',
} as const;
export type TokenIssuer = (typeof tokenIssuers)[keyof typeof tokenIssuers];

/** An issuer's private keys, imported: the first signs, all are published. */
export interface SigningKeys {
  issuer: TokenIssuer;
  kid: string;
  key: KeyLike;
  /** the public halves of every key in the list (what the issuer's JWKS document serves) */
  jwks: JSONWebKeySet;
}

/** What a verifier checks one issuer's tokens with. */
export interface VerifyingKeys {
  issuer: TokenIssuer;
  getKey: JWTVerifyGetKey;
}

/** Where a verifier gets an issuer's public keys: inline, or the issuer's JWKS document. */
export type KeySource = { jwks: JSONWebKeySet } | { url: string };

/** A new private key (Ed25519, as a JWK with a random key id) for an issuer's key list. */
export async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(signingAlgorithm, { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: randomBytes(6).toString('base64url'), alg: signingAlgorithm, use: 'sig' };
}

const isEd25519 = (key: JWK) => key.kty === 'OKP' && key.crv === 'Ed25519' && typeof key.x === 'string';

/**
 * A JWKS of private keys (`{"keys":[…]}`, signing key first), checked without importing: every
 * key Ed25519 with its private part and a distinct key id. Throws a message naming what is wrong.
 */
export function parsePrivateKeys(text: string): JWK[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('must be a JSON Web Key Set ({"keys":[…]}) of Ed25519 private keys');
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('must hold at least one key in "keys"');
  const kids = new Set<string>();
  for (const key of keys as JWK[]) {
    if (!isEd25519(key) || typeof key.d !== 'string') throw new Error('each key must be an Ed25519 private key (kty OKP, crv Ed25519, x, d)');
    if (!key.kid) throw new Error('each key needs a key id ("kid")');
    if (kids.has(key.kid)) throw new Error(`key id "${key.kid}" appears twice`);
    kids.add(key.kid);
  }
  return keys as JWK[];
}

/** The public halves of private keys (what may be published). */
export function publicKeysOf(keys: JWK[]): JSONWebKeySet {
  return {
    keys: keys.map(({ kty, crv, x, kid }) => ({ kty, crv, x, kid, alg: signingAlgorithm, use: 'sig' })),
  };
}

/**
 * A verifier's source of an issuer's public keys: an http(s) URL of its JWKS document, or the JWKS
 * itself (public keys only — a private part is refused, so a verifier is never handed a signing key).
 */
export function parseKeySource(text: string): KeySource {
  const trimmed = text.trim();
  if (/^https?:\/\//.test(trimmed)) return { url: new URL(trimmed).toString() };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new Error('must be the URL of a JWKS document or a JSON Web Key Set of Ed25519 public keys');
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('must hold at least one key in "keys"');
  for (const key of keys as JWK[]) {
    if (!isEd25519(key) || !key.kid) throw new Error('each key must be an Ed25519 public key with a "kid"');
    if ('d' in key) throw new Error('holds a private key: a verifier gets public keys only');
  }
  return { jwks: { keys: keys as JWK[] } };
}

export async function importSigningKeys(issuer: TokenIssuer, keys: JWK[]): Promise<SigningKeys> {
  const [first] = keys;
  if (!first?.kid) throw new Error('an issuer needs at least one key with a key id');
  const key = (await importJWK({ ...first, alg: signingAlgorithm }, signingAlgorithm)) as KeyLike;
  return { issuer, kid: first.kid, key, jwks: publicKeysOf(keys) };
}

/** How a verifier checks an issuer's tokens: its own keys, keys given inline, or the issuer's document. */
export function verifyingKeys(issuer: TokenIssuer, source: KeySource | SigningKeys): VerifyingKeys {
  if ('url' in source) {
    return {
      issuer,
      getKey: createRemoteJWKSet(new URL(source.url), {
        cooldownDuration: 30_000,
        cacheMaxAge: 10 * 60_000,
        timeoutDuration: 5_000,
      }),
    };
  }
  return { issuer, getKey: createLocalJWKSet(source.jwks) };
}
