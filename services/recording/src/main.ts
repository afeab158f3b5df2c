// The recording service as its own process (distributed mode): its one composition on Postgres,
// Kafka and Mongo. Besides the common variables it reads its own (config.ts: CANDOR_RECORDING_DIR,
// CANDOR_RECORDING_STORAGE and the S3_* variables, CANDOR_PLAYBACK_KEYS, CANDOR_RECORDER_IP, CANDOR_RECORDER_SPARES,
// CANDOR_RECORDING_RETENTION_SWEEP_MS) and CANDOR_MEDIA_URL, where the media service's internal API
// answers for recorder feeds.
import { main } from '@candor/runtime/distributed';
import { composeRecordingService } from './compose';
import { checkRecordingConfig, recordingServiceEnv } from './config';
import { recordingService } from './service';

main({
  ...recordingService,
  env: recordingServiceEnv,
  check: checkRecordingConfig,
  compose: async (config, adapters) => {
    const recording = await composeRecordingService(config, adapters);
    console.log(`recording service: ${config.CANDOR_RECORDING_STORAGE} storage, recorder on ${config.CANDOR_RECORDER_IP}`);
    return recording;
  },
});
