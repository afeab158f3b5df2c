// The session service's one composition: what both its own main and the embedded mode run, on the
// adapters the mode chose. The analyser follows the configuration (an LLM when one is configured,
// else the built-in one), and so does the time the service waits for it.
import {
  composeService,
  createLinkTokens,
  recruiterSessions,
  rateLimitStoresOf,
  type LinkRateLimits,
  type ServiceAdapters,
} from '@candor/runtime';
import { chooseAnalyser, type Analyser } from './analysis';
import type { SessionConfig } from './config';
import { createSessionService, sessionProjections, sessionService } from './service';

export interface SessionCompositionOptions {
  /** tests replace the analyser */
  analyser?: Analyser;
  /** tests and the bench loosen the candidate link rate limits */
  linkRateLimits?: LinkRateLimits;
}

/** The LLM analyser keeps its own time limit (default 30 s); the service's backstop is a little beyond it. */
export function analysisTimeoutMs(config: Pick<SessionConfig, 'CANDOR_LLM_TIMEOUT_MS'>): number {
  return (config.CANDOR_LLM_TIMEOUT_MS ?? 30_000) + 5_000;
}

export async function composeSessionService(config: SessionConfig, adapters: ServiceAdapters, options: SessionCompositionOptions = {}) {
  const analyser = options.analyser ?? chooseAnalyser(config);
  return composeService(sessionService, sessionProjections, adapters, (host) =>
    createSessionService({
      store: host.store,
      documents: adapters.documents,
      tokens: recruiterSessions(config),
      linkTokens: createLinkTokens(config.CANDOR_LINK_KEYS),
      runners: host.runners,
      analyser,
      analysisTimeoutMs: analysisTimeoutMs(config),
      logger: adapters.logger,
      linkRateLimits: options.linkRateLimits,
      // counted in the service's database, so every replica shares the budget (in memory when the mode
      // runs one process: rateLimitStoresOf)
      rateLimitStores: rateLimitStoresOf(adapters, sessionService.schema),
    }),
  );
}
