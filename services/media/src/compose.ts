// The media service's one composition: what both its own main and the embedded mode run, on the
// adapters the mode chose. The SFU engine follows the configuration (CANDOR_SFU_ENGINE: mediasoup
// where its worker runs, else werift) and is closed with the service.
import {
  composeService,
  createLiveTokens,
  createRoomTokens,
  createServiceTokens,
  createSessionTokens,
  type ServiceAdapters,
} from '@candor/runtime';
import { sfuEngineOptions, type MediaServiceConfig } from './config';
import { createMediaService, mediaProjections, mediaService } from './service';
import { createSfuEngine } from './sfu/choose-engine';

export interface MediaCompositionOptions {
  /** tests shorten the signalling's hello timeout and heartbeat */
  helloTimeoutMs?: number;
  heartbeatMs?: number;
}

export async function composeMediaService(config: MediaServiceConfig, adapters: ServiceAdapters, options: MediaCompositionOptions = {}) {
  const secret = config.CANDOR_JWT_SECRET;
  const engine = await createSfuEngine({ ...sfuEngineOptions(config), logger: adapters.logger });
  try {
    return await composeService(mediaService, mediaProjections, adapters, (host) => {
      const media = createMediaService({
        store: host.store,
        documents: adapters.documents,
        tokens: createSessionTokens(secret),
        liveTokens: createLiveTokens(secret),
        roomTokens: createRoomTokens(secret),
        serviceTokens: createServiceTokens(secret),
        engine,
        logger: adapters.logger,
        ...options,
      });
      return {
        ...media,
        /** the engine the live rooms run on, for the start-up message */
        sfuEngine: engine.name,
        // the signalling sockets first: an open WebSocket would hold the HTTP server's close
        async close() {
          await media.close();
          await engine.close();
        },
      };
    });
  } catch (error) {
    await engine.close();
    throw error;
  }
}
