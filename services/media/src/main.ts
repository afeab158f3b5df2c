// The media service as its own process (distributed mode): its one composition on Postgres, Kafka
// and Mongo. Besides the common variables it reads the SFU's (config.ts: CANDOR_SFU_ENGINE,
// CANDOR_MEDIA_LISTEN_IP, CANDOR_MEDIA_ANNOUNCED_IP, CANDOR_MEDIA_PORT_MIN/MAX) and says at start
// which engine runs.
import { main } from '@candor/runtime/distributed';
import { composeMediaService } from './compose';
import { checkMediaConfig, mediaServiceEnv } from './config';
import { mediaService } from './service';

main({
  ...mediaService,
  env: mediaServiceEnv,
  check: checkMediaConfig,
  compose: async (config, adapters) => {
    const media = await composeMediaService(config, adapters);
    console.log(`media service: SFU engine ${media.sfuEngine}`);
    return media;
  },
});
