// The deny list of logged-out recruiter sessions, as a verifier sees it. The list itself is the
// identity service's (a `SessionRevoked` event per token id in its event store, which every replica
// of identity reads); identity checks its own store, the other services ask it over HTTP
// (`GET /api/identity/sessions/<jti>/revoked`) and cache the answer: "revoked" until the token
// expires, "not revoked" for a few seconds — so a log-out reaches every service within that. While
// identity cannot be asked, the last answer stands for a while (stale-if-error), then requests are
// refused with 503 rather than let a possibly logged-out token through.
import { apiPaths } from '@candor/contracts';
import { ServiceUnavailableError } from '../errors';

export interface SessionRevocations {
  /** Whether the token with this id was logged out; `exp` is its expiry (seconds). */
  isRevoked(jti: string, exp: number): Promise<boolean>;
}

interface Answer {
  revoked: boolean;
  at: number;
}

export function createRemoteSessionRevocations(options: {
  /** where the identity service answers (its base URL, /api/identity is added) */
  identityUrl: string;
  /** how long a "not revoked" answer is trusted (default 5 s) */
  freshMs?: number;
  /** how long a last answer stands while identity cannot be asked (default 2 minutes) */
  staleIfErrorMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}): SessionRevocations {
  const freshMs = options.freshMs ?? 5_000;
  const staleMs = options.staleIfErrorMs ?? 120_000;
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const base = options.identityUrl.replace(/\/+$/, '');
  const answers = new Map<string, Answer>();
  const asking = new Map<string, Promise<boolean>>();

  function forgetExpired(): void {
    // bounded: one entry per session seen in the last few minutes
    if (answers.size < 10_000) return;
    const cutoff = now() - staleMs;
    for (const [jti, answer] of answers) if (answer.at < cutoff && !answer.revoked) answers.delete(jti);
  }

  async function ask(jti: string): Promise<boolean> {
    const response = await doFetch(base + apiPaths.identity.sessionRevoked(jti), {
      signal: AbortSignal.timeout(3_000),
    });
    if (!response.ok) throw new Error(`identity answered ${response.status}`);
    const { revoked } = (await response.json()) as { revoked: boolean };
    return revoked === true;
  }

  return {
    async isRevoked(jti, exp) {
      const known = answers.get(jti);
      if (known?.revoked) return true;
      if (known && now() - known.at < freshMs) return false;
      let pending = asking.get(jti);
      if (!pending) {
        pending = ask(jti).finally(() => asking.delete(jti));
        asking.set(jti, pending);
      }
      try {
        const revoked = await pending;
        forgetExpired();
        answers.set(jti, { revoked, at: now() });
        // kept until the token expires anyway (at most a day, a timer's range being limited)
        if (revoked) setTimeout(() => answers.delete(jti), Math.min(Math.max(0, exp * 1000 - Date.now()), 86_400_000)).unref();
        return revoked;
      } catch {
        if (known && now() - known.at < staleMs) return known.revoked;
        throw new ServiceUnavailableError('Sessions cannot be checked right now; try again in a moment.');
      }
    },
  };
}
