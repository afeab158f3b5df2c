// The recording service as a factory: recordings of live interviews — segments opened and closed by
// the `recording.rooms` policy from the media rooms' events, captured by the recorder, made into one
// composite by a background job and uploaded through the spool; the recruiter's playlist, playback
// through short-lived signed URLs, deletion and retention. Every adapter arrives in `deps`; the
// embedded mode and this service's own main both call this.
import { Router } from 'express';
import { topics } from '@candor/contracts';
import type {
  DocumentStore,
  EventStore,
  LinkKey,
  Logger,
  Policy,
  Projection,
  RateLimitStores,
  SessionTokens,
} from '@candor/runtime';
import { createPlaybackTokens } from './playback/playback-tokens';
import { playbackRoutes } from './playback/playback-routes';
import { noShareAccess, type ShareAccess } from './playback/share-access';
import { sharePlaybackRoute } from './playback/share-playback-route';
import { viewerAccess, type ViewerAccess } from './playback/viewer-access';
import { roomsPolicy } from './policies/rooms-policy';
import type { CompositeJob, SegmentRecorder, RecordingStorage, UploadSpool } from './ports';
import { recoverCaptures } from './processing/recover-captures';
import { segmentProcessing, type SegmentProcessing } from './processing/segment-processing';
import { recordingsProjection } from './read-models/recordings/projection';
import { recordingsQuery } from './read-models/recordings/query';
import { recordingDeletion, retentionSweeper, type RetentionSweeper } from './retention';
import { recordingRoutes } from './routes/recording-routes';
import { retentionRoutes } from './routes/retention-routes';

export const recordingService = {
  name: 'recording',
  schema: 'recording',
  topic: topics.recording,
  mountPath: '/api/recording',
} as const;

/** The read models this service keeps; the composition runs one projection runner per entry. */
export const recordingProjections: Projection<any, any>[] = [recordingsProjection];

export interface RecordingServiceDeps {
  store: EventStore;
  documents: DocumentStore;
  /** recruiter sessions */
  tokens: SessionTokens;
  /** the keys playback tokens are signed under (CANDOR_PLAYBACK_KEYS, newest first) */
  playbackKeys: LinkKey[];
  storage: RecordingStorage;
  /** the upload spool in front of `storage`; its `onUploaded` must call the service's `uploaded` */
  spool: UploadSpool;
  recorder: SegmentRecorder;
  composite: CompositeJob;
  /** a local folder for composites being made */
  workDir: string;
  logger: Logger;
  now?: () => Date;
  /** how often the retention sweeper runs (default hourly; 0: never on its own, tests call `sweeper.sweep`) */
  retentionSweepMs?: number;
  /** the sharing service, asked about share viewers (default: none configured, share viewers get no playback) */
  shareAccess?: ShareAccess;
  /** who may keep watching (default: recruiters of the recording's organisation, share viewers as `shareAccess` says) */
  viewerAccess?: ViewerAccess;
  /** where the share viewers' playback limits count (the service's database, shared by replicas); default per process */
  rateLimitStores?: RateLimitStores;
}

export interface RecordingService {
  router: Router;
  /** `recording.rooms`: segments and capture from the media rooms' events */
  policies: Policy[];
  /** the spool's `onUploaded` */
  uploaded: SegmentProcessing['uploaded'];
  processing: Pick<SegmentProcessing, 'settled'>;
  sweeper: RetentionSweeper;
  /**
   * At start, after the spool started and before the policy runs: runs again the composite jobs a
   * previous process left unfinished, and recovers the captures of segments it was recording or
   * stopping (processing/recover-captures.ts). Answers how many jobs and captures it took up.
   */
  resume(): Promise<number>;
  /** Stops the sweeper and any running composite (it runs again at the next start's `resume`). */
  close(): Promise<void>;
}

export function createRecordingService(deps: RecordingServiceDeps): RecordingService {
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger.child({ service: recordingService.name });
  const recordings = recordingsQuery(deps.documents);
  const playbackTokens = createPlaybackTokens(deps.playbackKeys);
  const deletion = recordingDeletion({ store: deps.store, storage: deps.storage });
  const processing = segmentProcessing({ ...deps, logger, now });
  const sweeper = retentionSweeper({
    store: deps.store,
    recordings,
    deletion,
    logger,
    now,
    intervalMs: deps.retentionSweepMs ?? 3_600_000,
  });
  if (deps.retentionSweepMs !== 0) sweeper.start();

  const router = Router();
  const share = deps.shareAccess ?? noShareAccess;
  const access = deps.viewerAccess ?? viewerAccess(share);
  router.use(
    '/playback',
    playbackRoutes({
      store: deps.store,
      recordings,
      storage: deps.storage,
      tokens: playbackTokens,
      access,
      logger,
      now,
    }),
  );
  router.use(sharePlaybackRoute({ store: deps.store, tokens: playbackTokens, share, now, stores: deps.rateLimitStores }));
  router.use('/retention', retentionRoutes({ store: deps.store, sessions: deps.tokens, now }));
  router.use(recordingRoutes({ store: deps.store, sessions: deps.tokens, recordings, playbackTokens, deletion, now }));

  return {
    router,
    policies: [roomsPolicy({ store: deps.store, recorder: deps.recorder, processing, logger })],
    uploaded: processing.uploaded,
    processing,
    sweeper,
    async resume() {
      const resumedJobs = await processing.resume();
      const recovered = await recoverCaptures({ store: deps.store, recorder: deps.recorder, processing, logger, resumedJobs });
      return resumedJobs.length + recovered;
    },
    async close() {
      await sweeper.stop();
      await processing.abort();
    },
  };
}
