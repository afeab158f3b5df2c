// The recording service's one composition: what both its own main and the embedded mode run, on the
// adapters the mode chose. It opens the storage the configuration names, the upload spool in front of
// it (resumed from its folder, so files spooled before a restart still reach the store), and the
// service. The capture (ffmpeg recorders fed by the media service's internal API, and the composite
// job) follows the configuration; tests may pass their own.
import {
  composeService,
  createServiceTokens,
  jwksRoute,
  ownTokenKeys,
  recruiterSessions,
  rateLimitStoresOf,
  tokenIssuers,
  type Logger,
  type ServiceAdapters,
} from '@candor/runtime';
import { Router } from 'express';
import { join } from 'node:path';
import { compositeJob, segmentRecorder } from './capture-adapters';
import { mediaFeeds } from './capture/media-feeds';
import { createRecorder } from './capture/recorder';
import type { RequestFeed } from './capture/types';
import { recordingFolders, storageFor, type RecordingConfig, type RecordingServiceConfig } from './config';
import type { CompositeJob, SegmentRecorder } from './ports';
import { createRecordingService, recordingProjections, recordingService } from './service';
import { createSpool } from './storage';
import { shareAccess } from './playback/share-access';

export interface RecordingCapture {
  recorder: SegmentRecorder;
  composite: CompositeJob;
}

/** The real capture: ffmpeg recorders listening on CANDOR_RECORDER_IP, fed through `feedFor`. */
export function realCapture(config: RecordingConfig, feedFor: (roomId: string) => RequestFeed, logger: Logger): RecordingCapture {
  const recorder = createRecorder({
    ip: config.CANDOR_RECORDER_IP,
    logger: logger.child({ part: 'recorder' }),
    spares: { dir: join(recordingFolders(config).capture, 'spares'), count: config.CANDOR_RECORDER_SPARES },
  });
  return {
    recorder: segmentRecorder({
      recorder,
      dir: recordingFolders(config).capture,
      feedFor,
      logger: logger.child({ part: 'recorder' }),
    }),
    composite: compositeJob(),
  };
}

export interface RecordingCompositionOptions {
  /** tests replace the capture (the recorder and the composite job) */
  capture?: RecordingCapture;
  now?: () => Date;
}

export async function composeRecordingService(
  config: RecordingServiceConfig,
  adapters: ServiceAdapters,
  options: RecordingCompositionOptions = {},
) {
  const { logger } = adapters;
  // its own issuer: the service tokens it shows the media service are signed with its key only
  const serviceKeys = await ownTokenKeys(tokenIssuers.recording, config.CANDOR_SIGNING_KEYS);
  const capture =
    options.capture ??
    realCapture(
      config,
      mediaFeeds({ mediaUrl: config.CANDOR_MEDIA_URL, serviceTokens: createServiceTokens(serviceKeys) }).feedFor,
      logger,
    );
  const folders = recordingFolders(config);
  const storage = storageFor(config);
  return composeService(recordingService, recordingProjections, adapters, async (host) => {
    let uploaded: ((entry: Parameters<ReturnType<typeof createRecordingService>['uploaded']>[0]) => Promise<void>) | undefined;
    const spool = createSpool({
      dir: folders.spool,
      storage,
      logger,
      // uploads begin at `spool.start()` below, once the service exists
      onUploaded: (entry) => uploaded!(entry),
    });
    const service = createRecordingService({
      store: host.store,
      documents: adapters.documents,
      tokens: recruiterSessions(config),
      playbackKeys: config.CANDOR_PLAYBACK_KEYS,
      storage,
      spool,
      recorder: capture.recorder,
      composite: capture.composite,
      workDir: folders.work,
      logger,
      now: options.now,
      retentionSweepMs: config.CANDOR_RECORDING_RETENTION_SWEEP_MS,
      // share viewers: the sharing service is asked with this service's own service tokens
      shareAccess: config.CANDOR_SHARING_URL
        ? shareAccess({ sharingUrl: config.CANDOR_SHARING_URL, serviceTokens: createServiceTokens(serviceKeys) })
        : undefined,
      // share viewers' playback limits count in the service's own database, shared by its replicas
      rateLimitStores: rateLimitStoresOf(adapters, recordingService.schema),
    });
    uploaded = (entry) => service.uploaded(entry);
    await spool.start();
    // composites a previous process was making when it stopped or died, and the captures of
    // segments it was recording
    const resumed = await service.resume();
    if (resumed > 0) logger.info({ resumed }, 'recording jobs and captures resumed');
    const router = Router();
    router.get('/.well-known/jwks.json', jwksRoute(serviceKeys.signing));
    router.use(service.router);
    return {
      router,
      policies: service.policies,
      /** the store the recordings' bytes live in (tests list it to see a deletion) */
      storage,
      async stop() {
        await service.close();
        await capture.recorder.close?.();
        await spool.close();
        await storage.close();
      },
    };
  });
}
