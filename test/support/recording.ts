// Test support for the recording service's API suites: the service over real HTTP on port 0 with
// PGlite, the in-process bus and memory read models, real files on the filesystem storage adapter
// behind the real upload spool, and a `media` event store whose events reach the service's policy
// through its outbox relay and the bus, as in the embedded mode. The room's RTP is not part of
// these suites (the capture suites and the browser e2e cover it): the recorder here hands back a
// real WebM file that ffmpeg made once per suite, as the capture would have written, and the
// composite job copies it — so every byte the playback route serves can be compared with a file.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { roomEventNames, topics, type RecordingParticipant } from '@candor/contracts';
import {
  createHttpApp,
  createInProcessBus,
  createMemoryDocumentStore,
  createPolicyRunner,
  createServiceHost,
  createSessionTokens,
  generateSigningKey,
  ownTokenKeys,
  tokenIssuers,
  finishHttpApp,
  generateLinkKeys,
  parseLinkKeys,
  sqlRateLimitStores,
  startHttpServer,
  type PolicyRunner,
} from '@candor/runtime';
import { createPgliteClient } from '@candor/runtime/pglite';
import {
  createFilesystemStorage,
  createRecordingService,
  createSpool,
  recordingProjections,
  recordingService,
  type SegmentFiles,
  type CompositeJob,
  type SegmentRecorder,
  type RecordingStorage,
  type ShareAccess,
} from '@candor/recording';


/** A recorder that hands back a copy of one real WebM per participant; it can be told to fail. */
function fileRecorder(sample: string, sampleMs: number, dir: string) {
  const segments = new Map<
    string,
    { participants: RecordingParticipant[]; interrupted?: boolean; result?: SegmentFiles | null }
  >();
  /** what the policy asked of the recorder, in order: `start <segment> <participants>`, `add <participant>`, … */
  const state = { starts: 0, interruptNext: false, loseNext: false, calls: [] as string[] };
  const recorder: SegmentRecorder & { state: typeof state } = {
    state,
    async start({ segmentId, participants }) {
      state.starts++;
      state.calls.push(`start ${participants.map((p) => p.participantId).join(',')}`);
      segments.set(segmentId, { participants: [...participants] });
    },
    async addParticipant(segmentId, participant) {
      state.calls.push(`add ${participant.participantId}`);
      segments.get(segmentId)?.participants.push(participant);
    },
    async removeParticipant(_segmentId, participantId) {
      state.calls.push(`remove ${participantId}`);
    },
    interrupted(segmentId) {
      const segment = segments.get(segmentId);
      if (!segment) return true;
      segment.interrupted ??= state.interruptNext || state.loseNext;
      state.interruptNext = false;
      return segment.interrupted;
    },
    async stop(segmentId) {
      state.calls.push('stop');
      const segment = segments.get(segmentId);
      if (!segment) return null;
      if (segment.result !== undefined) return segment.result;
      if (state.loseNext) {
        state.loseNext = false;
        return (segment.result = { interrupted: true, tracks: [] });
      }
      const tracks = [];
      for (const participant of segment.participants) {
        const file = join(dir, `${segmentId}-${participant.participantId}.webm`);
        await copyFile(sample, file);
        tracks.push({
          participantId: participant.participantId,
          file,
          contentType: 'video/webm',
          startedAtMs: 0,
          durationMs: sampleMs,
          hasVideo: true,
          hasAudio: false,
        });
      }
      segment.result = { interrupted: segment.interrupted ?? false, tracks };
      return segment.result;
    },
  };
  return recorder;
}

const copyComposite: CompositeJob = {
  async make({ tracks, workDir }) {
    const file = join(workDir, 'composite.webm');
    await copyFile(tracks[0]!.file, file);
    return { file, contentType: 'video/webm', durationMs: 1000 };
  },
};

export interface RecordingHarnessOptions {
  /** the storage adapter (default: the filesystem under the harness's folder) */
  storage?: RecordingStorage;
  /** the capture (default: the sample-file recorder and a copying composite, see above) */
  capture?: (dir: string) => { recorder: SegmentRecorder; composite: CompositeJob };
  /** the bus (default: one of its own); another service's harness on the same bus hears its events */
  bus?: ReturnType<typeof createInProcessBus>;
  /** the sharing service as the recording service asks it about share viewers */
  shareAccess?: ShareAccess;
  /** the composite job beside the default recorder (default: one that copies the first track) */
  composite?: CompositeJob;
  /** how long the sample WebM the default recorder hands back is (default 1; its picture 160×120) */
  sampleSeconds?: number;
}

export async function startRecordingHarness(options: RecordingHarnessOptions = {}) {
  const root = await mkdtemp(join(tmpdir(), 'candor-recording-'));
  const sample = join(root, 'sample.webm');
  // one second of a test pattern, small: the bytes playback serves
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc=size=160x120:rate=10:duration=${options.sampleSeconds ?? 1}`,
    '-c:v',
    'libvpx',
    '-b:v',
    '200k',
    sample,
  ]);

  const logLines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  );
  const sql = createPgliteClient();
  const bus = options.bus ?? createInProcessBus();
  const documents = createMemoryDocumentStore();
  const mediaHost = createServiceHost({
    name: 'media',
    schema: 'media',
    topic: topics.media,
    sql,
    bus,
    documents,
    projections: [],
    logger,
  });
  const recordingHost = createServiceHost({
    ...recordingService,
    sql,
    bus,
    documents,
    projections: recordingProjections,
    logger,
  });
  await mediaHost.start();
  await recordingHost.start();

  let clock = Date.parse('2026-11-01T10:00:00.000Z');
  const now = () => new Date(clock);
  const storageRoot = join(root, 'store');
  const storage = options.storage ?? createFilesystemStorage({ root: storageRoot });
  const recorder = fileRecorder(sample, (options.sampleSeconds ?? 1) * 1000, root);
  const capture = options.capture?.(join(root, 'capture')) ?? { recorder, composite: options.composite ?? copyComposite };
  // identity's role here: a key of its own that signs the recruiters' sessions
  const tokens = createSessionTokens(await ownTokenKeys(tokenIssuers.identity, [await generateSigningKey()]));
  const playbackKeys = parseLinkKeys(generateLinkKeys('p1'));
  let uploaded: (entry: { key: string; size: number; contentType: string }) => Promise<void> = async () => {};
  const spool = createSpool({
    dir: join(root, 'spool'),
    storage,
    logger,
    initialDelayMs: 20,
    onUploaded: (entry) => uploaded(entry),
  });
  await spool.start();
  const startService = (current = capture) => {
    const started = createRecordingService({
      store: recordingHost.store,
      documents,
      tokens,
      playbackKeys,
      storage,
      spool,
      recorder: current.recorder,
      composite: current.composite,
      workDir: join(root, 'work'),
      logger,
      now,
      retentionSweepMs: 0,
      shareAccess: options.shareAccess,
      // the share viewers' playback limits count in the service's database, as composed
      rateLimitStores: sqlRateLimitStores(sql, recordingService.schema),
    });
    uploaded = started.uploaded;
    return started;
  };
  let service = startService();
  let policyRunners: PolicyRunner[] = service.policies.map((policy) => createPolicyRunner({ policy, bus, logger }));
  for (const runner of policyRunners) await runner.start();

  const app = createHttpApp({ logger });
  // the router of whichever service instance runs now (see `restartService`)
  app.use(recordingService.mountPath, (req, res, next) => service.router(req, res, next));
  const server = await startHttpServer(finishHttpApp(app, logger), { port: 0, host: '127.0.0.1' });

  async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
    for (let waited = 0; waited < timeoutMs; waited += 25) {
      const found = await probe();
      if (found !== undefined) return found;
      await sleep(25);
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** One live room, driven by appending the media service's events to its store. */
  function room(organisationId: string, roomId: string = randomUUID()) {
    const emit = async (name: keyof typeof roomEventNames, data: Record<string, unknown>) => {
      const at = now().toISOString();
      await mediaHost.store.append(
        `room-${roomId}`,
        [{ type: roomEventNames[name], data: { roomId, organisationId, at, ...data }, metadata: { occurredAt: at } }],
        { expectedVersion: 'any' },
      );
    };
    const host = { participantId: 'host-1', name: 'Hana Host', role: 'host' };
    const byHost = { by: host.participantId, byName: host.name };
    return {
      roomId,
      organisationId,
      consent: (notice: string) => emit('RecordingConsentGiven', { linkId: 'link-1', notice }),
      hostJoins: () => emit('ParticipantJoined', host),
      secondHostJoins: () =>
        emit('ParticipantJoined', { participantId: 'host-2', name: 'Ivo Interviewer', role: 'host' }),
      leaves: (participantId: string) => emit('ParticipantLeft', { participantId }),
      candidateJoins: () =>
        emit('ParticipantJoined', { participantId: 'candidate', name: 'Cara Candidate', role: 'candidate' }),
      admit: () => emit('CandidateAdmitted', byHost),
      start: () => emit('RecordingStarted', byHost),
      stop: () => emit('RecordingStopped', byHost),
      end: () => emit('InterviewEnded', byHost),
      /** the segments the recording service wrote, from its read model */
      segments: () => documents.collection<any>('recording_recordings').find({ roomId }, { sort: { index: 1 } }),
    };
  }

  return {
    url: server.url,
    root,
    storageRoot,
    sample,
    storage,
    recorder,
    get service() {
      return service;
    },
    playbackKeys,
    logLines,
    get policyRunners() {
      return policyRunners;
    },
    /** Stops the service as a shutdown does: a running composite is killed, its job left for the next start. */
    async stopService() {
      for (const runner of policyRunners) await runner.stop();
      await service.close();
    },
    /**
     * A new instance on the same store, spool and folders, resuming what was left; answers how many
     * jobs and captures. `next` is the new process's capture (default: the same one).
     */
    async startServiceAgain(next?: { recorder: SegmentRecorder; composite: CompositeJob }): Promise<number> {
      service = startService(next);
      policyRunners = service.policies.map((policy) => createPolicyRunner({ policy, bus, logger }));
      for (const runner of policyRunners) await runner.start();
      return service.resume();
    },
    mediaStore: mediaHost.store,
    recordingStore: recordingHost.store,
    recruiterToken: async (org: string, sub = 'recruiter-1') =>
      (await tokens.sign({ sub, org, name: 'Rita Recruiter', email: `${sub}@${org}.test`, orgName: org })).token,
    room,
    eventually,
    advance(ms: number) {
      clock += ms;
    },
    now,
    async stop() {
      await service.close();
      for (const runner of policyRunners) await runner.stop();
      await server.close();
      await spool.close();
      await recordingHost.stop();
      await mediaHost.stop();
      if (!options.bus) await bus.close();
      await sql.close();
      await storage.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
export type RecordingHarness = Awaited<ReturnType<typeof startRecordingHarness>>;
