// The recording service as its own process (distributed mode). Besides the common variables it
// reads its own (config.ts: CANDOR_RECORDING_DIR, CANDOR_RECORDING_STORAGE and the S3_* variables,
// CANDOR_PLAYBACK_KEYS, CANDOR_RECORDER_IP, CANDOR_RECORDING_RETENTION_SWEEP_MS) and CANDOR_MEDIA_URL,
// where the media service's internal API answers for recorder feeds. Service tokens are signed with
// CANDOR_JWT_SECRET, the secret the media service checks them with.
import { z } from 'zod';
import { commonEnv, createServiceTokens, loadConfig, main } from '@candor/runtime';
import { composeRecording, realCapture } from './compose';
import { recordingConfigSchema } from './config';
import { mediaFeeds } from './media-feeds';
import { recordingProjections, recordingService } from './service';

const processEnv = z.object({
  CANDOR_JWT_SECRET: commonEnv.CANDOR_JWT_SECRET,
  CANDOR_MEDIA_URL: z.url({ message: 'is required (the media service, e.g. http://media:3000)' }),
});

main({
  ...recordingService,
  projections: recordingProjections,
  routes: async ({ host, documents, tokens, logger, env }) => {
    const { CANDOR_JWT_SECRET: secret, CANDOR_MEDIA_URL: mediaUrl } = loadConfig(processEnv, env);
    const config = loadConfig(recordingConfigSchema, env);
    const serviceTokens = createServiceTokens(secret);
    const feedFor = mediaFeeds({ mediaUrl, serviceToken: () => serviceTokens.sign({ sub: 'recording' }).token });
    const recording = await composeRecording({
      config,
      store: host.store,
      documents,
      tokens,
      capture: realCapture(config, feedFor, logger),
      logger,
    });
    console.log(`recording service: ${config.CANDOR_RECORDING_STORAGE} storage, recorder on ${config.CANDOR_RECORDER_IP}`);
    return { router: recording.router, policies: recording.policies, close: recording.close };
  },
});
