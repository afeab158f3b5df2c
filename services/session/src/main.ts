// The session service as its own process (distributed mode): its one composition on Postgres, Kafka
// and Mongo. The analyser comes from the environment (config.ts): an LLM when CANDOR_LLM_BASE_URL and
// CANDOR_LLM_MODEL are set, else the built-in one.
import { main } from '@candor/runtime/distributed';
import { composeSessionService } from './compose';
import { sessionEnv } from './config';
import { sessionService } from './service';

main({ ...sessionService, env: sessionEnv, compose: (config, adapters) => composeSessionService(config, adapters) });
