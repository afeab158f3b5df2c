// One composition of the recording service from its configuration, for both modes (its own main
// and the embedded server): the storage the configuration names, the upload spool in front of it
// (resumed from its folder, so files spooled before a restart still reach the store), and the
// service. The capture (recorder and composite job) is passed in: it talks to the media service,
// which the two modes reach differently.
import type { DocumentStore, EventStore, Logger, Policy, SessionTokens } from '@candor/runtime';
import type { Router } from 'express';
import { compositeJob, segmentRecorder } from './capture-adapters';
import { createRecorder } from './capture/recorder';
import type { RequestFeed } from './capture/types';
import { recordingFolders, storageFor, type RecordingConfig } from './config';
import type { CompositeJob, SegmentRecorder } from './ports';
import { createRecordingService, type RecordingService } from './service';
import { createSpool, type RecordingStorage } from './storage';

export interface ComposedRecording {
  router: Router;
  policies: Policy[];
  service: RecordingService;
  storage: RecordingStorage;
  close(): Promise<void>;
}

/** The capture of both modes: ffmpeg recorders listening on CANDOR_RECORDER_IP, fed through `feedFor`. */
export function realCapture(config: RecordingConfig, feedFor: (roomId: string) => RequestFeed, logger: Logger) {
  const recorder = createRecorder({ ip: config.CANDOR_RECORDER_IP, logger: logger.child({ part: 'recorder' }) });
  return {
    recorder: segmentRecorder({ recorder, dir: recordingFolders(config).capture, feedFor }),
    composite: compositeJob(),
  };
}

export async function composeRecording(deps: {
  config: RecordingConfig;
  store: EventStore;
  documents: DocumentStore;
  tokens: SessionTokens;
  /** the real capture from a feed (`realCapture`), or a test's */
  capture: { recorder: SegmentRecorder; composite: CompositeJob };
  logger: Logger;
  now?: () => Date;
}): Promise<ComposedRecording> {
  const { config, logger } = deps;
  const folders = recordingFolders(config);
  const storage = storageFor(config);
  let service: RecordingService | undefined = undefined;
  const spool = createSpool({
    dir: folders.spool,
    storage,
    logger,
    // uploads begin at `spool.start()` below, once the service exists
    onUploaded: (entry) => service!.uploaded(entry),
  });
  service = createRecordingService({
    store: deps.store,
    documents: deps.documents,
    tokens: deps.tokens,
    playbackKeys: config.CANDOR_PLAYBACK_KEYS,
    storage,
    spool,
    recorder: deps.capture.recorder,
    composite: deps.capture.composite,
    workDir: folders.work,
    logger,
    now: deps.now,
    retentionSweepMs: config.CANDOR_RECORDING_RETENTION_SWEEP_MS,
  });
  await spool.start();
  const built = service;
  return {
    router: built.router,
    policies: built.policies,
    service: built,
    storage,
    async close() {
      await built.close();
      await spool.close();
      await storage.close();
    },
  };
}
