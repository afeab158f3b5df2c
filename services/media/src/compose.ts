// The media service's one composition: what both its own main and the embedded mode run, on the
// adapters the mode chose. The SFU engine follows the configuration (CANDOR_SFU_ENGINE: mediasoup
// where its worker runs, else werift) and is closed with the service. In the distributed mode it adds
// the live rooms' gauges to the process's /metrics (live/metrics.ts).
import {
  composeService,
  createLiveTokens,
  createRoomTokens,
  jwksRoute,
  noMetrics,
  ownTokenKeys,
  recordingServiceTokens,
  recruiterSessions,
  tokenIssuers,
  verifyingKeys,
  type ServiceAdapters,
} from '@candor/runtime';
import { Router } from 'express';
import { sfuEngineOptions, turnRelay, type MediaServiceConfig } from './config';
import { registerLiveRoomMetrics } from './live/metrics';
import { createMediaService, mediaProjections, mediaService } from './service';
import { createSfuEngine } from './sfu/choose-engine';

export interface MediaCompositionOptions {
  /** tests shorten the signalling's hello timeout and heartbeat */
  helloTimeoutMs?: number;
  heartbeatMs?: number;
}

export async function composeMediaService(config: MediaServiceConfig, adapters: ServiceAdapters, options: MediaCompositionOptions = {}) {
  // the one holder of the room tokens' private keys; it verifies live tokens with invite's public keys
  const roomKeys = await ownTokenKeys(tokenIssuers.media, config.CANDOR_SIGNING_KEYS);
  const liveKeys = { verifying: verifyingKeys(tokenIssuers.invite, config.CANDOR_INVITE_JWKS) };
  const engine = await createSfuEngine({ ...sfuEngineOptions(config), logger: adapters.logger });
  try {
    return await composeService(mediaService, mediaProjections, adapters, (host) => {
      const media = createMediaService({
        store: host.store,
        documents: adapters.documents,
        tokens: recruiterSessions(config),
        liveTokens: createLiveTokens(liveKeys),
        roomTokens: createRoomTokens(roomKeys),
        // the internal recorder-feed API takes the recording service's own tokens (its public keys)
        serviceTokens: recordingServiceTokens(config),
        engine,
        turn: turnRelay(config),
        logger: adapters.logger,
        ...options,
      });
      registerLiveRoomMetrics(adapters.metrics ?? noMetrics, media.liveRooms);
      const router = Router();
      router.get('/.well-known/jwks.json', jwksRoute(roomKeys.signing));
      router.use(media.router);
      return {
        ...media,
        router,
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
