// The session service as its own process (distributed mode). The analyser comes from the
// environment: an LLM when CANDOR_LLM_BASE_URL and CANDOR_LLM_MODEL are set, else the built-in one.
// CANDOR_LINK_KEYS (shared with the invite service) opens the candidates' invite links.
import { z } from 'zod';
import { createLinkTokens, linkKeysEnv, loadConfig, main } from '@candor/runtime';
import { analyserEnv, chooseAnalyser } from './analysis';
import { createSessionService, sessionProjections, sessionService } from './service';

main({
  ...sessionService,
  projections: sessionProjections,
  routes: ({ host, documents, tokens, logger, env }) => {
    const config = loadConfig(z.object({ ...analyserEnv, ...linkKeysEnv }), env);
    return createSessionService({
      store: host.store,
      documents,
      tokens,
      linkTokens: createLinkTokens(config.CANDOR_LINK_KEYS),
      runners: host.runners,
      analyser: chooseAnalyser(config),
      // the LLM analyser keeps its own time limit; this one is the backstop a little beyond it
      analysisTimeoutMs: (config.CANDOR_LLM_TIMEOUT_MS ?? 30_000) + 5_000,
      logger,
    });
  },
});
