// One composition of the recording service from its configuration, for both modes (its own main
// and the embedded server): the storage the configuration names, the upload spool in front of it
// (resumed from its folder, so files spooled before a restart still reach the store), and the
// service. The capture (recorder and composite job) is passed in: it talks to the media service,
// which the two modes reach differently.
import type { DocumentStore, EventStore, Logger, Policy, SessionTokens } from '@candor/runtime';
import type { Router } from 'express';
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

export async function composeRecording(deps: {
  config: RecordingConfig;
  store: EventStore;
  documents: DocumentStore;
  tokens: SessionTokens;
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
