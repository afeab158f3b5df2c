// Verified recruiter sessions, remembered by token for a short while: a dashboard (or the bench)
// sends the same session token with every request, and checking its EdDSA signature each time was
// ~8% of the command path's CPU (docs/benchmarks.md, pipeline round 4). What the cache may skip is
// only the signature and claims check, which cannot change for the same token; everything that can
// change is still checked on every request:
// - expiry: an entry is refused once its `exp` has passed (the same rule as jose's: exp ≤ now);
// - revocation (log-out): session-tokens.ts asks the deny list on every verify, cached or not;
// - key rotation: an entry is trusted for at most `maxAgeMs` (1 minute) after its check, so a
//   verifying key taken out of service stops accepting its tokens within that.
// Entries are keyed by a SHA-256 of the token, not the token itself (no working token is kept in
// plain text, even in memory), and bounded in number (the oldest go first).
import { createHash } from 'node:crypto';

interface Entry<T> {
  value: T;
  /** the token's own expiry, seconds since the epoch */
  exp: number;
  checkedAt: number;
}

export type CachedVerification<T> = { state: 'miss' } | { state: 'valid'; value: T } | { state: 'expired' };

export interface VerifiedTokenCache<T extends { exp: number }> {
  get(token: string): CachedVerification<T>;
  remember(token: string, value: T): void;
}

export function createVerifiedTokenCache<T extends { exp: number }>(
  options: { maxEntries?: number; maxAgeMs?: number; now?: () => number } = {},
): VerifiedTokenCache<T> {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<T>>();
  const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');

  return {
    get(token) {
      const key = keyOf(token);
      const entry = entries.get(key);
      if (!entry) return { state: 'miss' };
      const at = now();
      // kept (until pushed out by newer ones), so an expired token is never checked afresh
      if (entry.exp <= Math.floor(at / 1000)) return { state: 'expired' };
      if (at - entry.checkedAt >= maxAgeMs) {
        entries.delete(key);
        return { state: 'miss' };
      }
      // a copy: a request's handlers must not change what the next request is handed
      return { state: 'valid', value: { ...entry.value } };
    },
    remember(token, value) {
      const key = keyOf(token);
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { value: { ...value }, exp: value.exp, checkedAt: now() });
    },
  };
}
