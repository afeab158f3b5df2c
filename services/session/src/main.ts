// The session service as its own process (distributed mode). The analyser comes from the
// environment: an LLM when CANDOR_LLM_BASE_URL and CANDOR_LLM_MODEL are set, else the built-in one.
import { z } from 'zod';
import { loadConfig, main } from '@candor/runtime';
import { analyserEnv, chooseAnalyser } from './analysis';
import { createSessionService, sessionProjections, sessionService } from './service';

main({
  ...sessionService,
  projections: sessionProjections,
  routes: ({ host, documents, tokens, candidateTokens, logger, env }) => {
    const config = loadConfig(z.object(analyserEnv), env);
    return createSessionService({
      store: host.store,
      documents,
      tokens,
      candidateTokens,
      runners: host.runners,
      analyser: chooseAnalyser(config),
      // the LLM analyser keeps its own time limit; this one is the backstop a little beyond it
      analysisTimeoutMs: (config.CANDOR_LLM_TIMEOUT_MS ?? 30_000) + 5_000,
      logger,
    });
  },
});
