// Room tokens are single use: the first `hello` with a token spends its id (`jti`). Spent ids are
// kept a little longer than a token can live, so a replay is refused for as long as it could verify.
// In memory: a room's signalling lives in one media process (see the service README).
export interface UsedTokens {
  /** true the first time an id is presented, false on every replay */
  spend(jti: string): boolean;
  readonly size: number;
}

export function createUsedTokens(options: { keepMs: number; now?: () => number }): UsedTokens {
  const now = options.now ?? Date.now;
  // insertion order is spending order, so the oldest entries are always at the front
  const spent = new Map<string, number>();
  const forget = (at: number) => {
    for (const [jti, spentAt] of spent) {
      if (at - spentAt <= options.keepMs) break;
      spent.delete(jti);
    }
  };
  return {
    spend(jti) {
      const at = now();
      forget(at);
      if (spent.has(jti)) return false;
      spent.set(jti, at);
      return true;
    },
    get size() {
      return spent.size;
    },
  };
}
