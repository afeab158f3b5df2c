// The media service as its own process (distributed mode). Besides the common variables it reads
// the SFU's (config.ts: CANDOR_SFU_ENGINE, CANDOR_MEDIA_LISTEN_IP, CANDOR_MEDIA_ANNOUNCED_IP,
// CANDOR_MEDIA_PORT_MIN/MAX) and says at start which engine runs. Room tokens and live tokens are
// signed with CANDOR_JWT_SECRET, the secret the invite service signs live tokens with.
import { commonEnv, createLiveTokens, createRoomTokens, createServiceTokens, loadConfig, main } from '@candor/runtime';
import { z } from 'zod';
import { mediaConfigSchema, sfuEngineOptions } from './config';
import { createMediaService, mediaProjections, mediaService } from './service';
import { createSfuEngine } from './sfu/choose-engine';

main({
  ...mediaService,
  projections: mediaProjections,
  routes: async ({ host, documents, tokens, logger, env }) => {
    const { CANDOR_JWT_SECRET: secret } = loadConfig(z.object({ CANDOR_JWT_SECRET: commonEnv.CANDOR_JWT_SECRET }), env);
    const engine = await createSfuEngine({ ...sfuEngineOptions(loadConfig(mediaConfigSchema, env)), logger });
    console.log(`media service: SFU engine ${engine.name}`);
    const media = createMediaService({
      store: host.store,
      documents,
      tokens,
      liveTokens: createLiveTokens(secret),
      roomTokens: createRoomTokens(secret),
      serviceTokens: createServiceTokens(secret),
      engine,
      logger,
    });
    return {
      router: media.router,
      policies: media.policies,
      attach: media.attach,
      async close() {
        await media.close();
        await engine.close();
      },
    };
  },
});
