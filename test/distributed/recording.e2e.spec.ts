// Recording in the distributed mode: identity, invite, media and recording as separate processes on
// real Postgres, Kafka and FerretDB, the recording service storing into the real S3 server. A live
// interview on each SFU engine in turn (mediasoup, this mode's default, where its worker is present —
// CANDOR_REQUIRE_MEDIASOUP=1 requires it — then werift), the interviewer and the candidate each a synthetic WebRTC peer
// sending decodable VP8 + Opus over the real signalling socket; the interviewer records for a few
// seconds, stops, records again and ends the interview. The recording service learns of it over
// Kafka, asks the media service (over HTTP, with its service token) for the participants' RTP, and
// its ffmpeg recorders capture it; then both segments must become ready, their composites (and
// tracks) must be objects in the bucket, and a playback URL must stream a byte range (206) of a file
// ffprobe reads as VP8 + Opus, within 1 s as long as the start→stop this test sent.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  apiPaths,
  type CommandResult,
  type JoinRoomResponse,
  type OpenLiveLinkResponse,
  type PlaybackUrlResponse,
  type RecordingListResponse,
  type RecordingView,
  type ScheduleLiveInterviewResponse,
  type SignUpResponse,
} from '@candor/contracts';
import { createS3Storage, defaultFfmpegTools, probe, type RecordingStorage } from '@candor/recording';
import { generateLinkKeys } from '@candor/runtime';
import { createSyntheticPublisher, type SyntheticPublisher } from '@candor/media/test/synthetic-peer';
import { mediasoupWorkerPresent } from '@candor/media/src/sfu/choose-engine';
import { describeWithInfra, type Infra } from '../support/infra';
import { useExclusive } from '../support/exclusive';
import { SignalClient } from '../support/signal-client';
import { tokenKeys } from './token-keys';
import { createFreshDatabases, type FreshDatabases } from './fresh-databases';
import { startService, type ServiceProcess } from './service-process';

// four processes, werift peers and ffmpeg on a busy machine; the composites are made after the end
jest.setTimeout(180_000);
// real-time media: werift connections and the recorder's ffmpeg take turns with the other such suites
useExclusive();

const mediasoupWorker = mediasoupWorkerPresent();
const mediasoupMissing = mediasoupWorker.available ? undefined : mediasoupWorker.reason;
const sfuEngines: ('mediasoup' | 'werift')[] =
  !mediasoupMissing || process.env.CANDOR_REQUIRE_MEDIASOUP === '1' ? ['mediasoup', 'werift'] : ['werift'];
if (!sfuEngines.includes('mediasoup'))
  console.warn(`${'!'.repeat(78)}\nSKIPPED distributed recording on mediasoup: ${mediasoupMissing}\n${'!'.repeat(78)}`);

for (const engine of sfuEngines) describeWithInfra(`recording as its own process, into the S3 server (${engine} SFU)`, ['postgres', 'kafka', 'mongo', 's3'], (servers) => {
  const tag = randomUUID().slice(0, 8);
  const started: Record<string, ServiceProcess> = {};
  const sockets: SignalClient[] = [];
  const peers: SyntheticPublisher[] = [];
  const workDir = mkdtempSync(join(tmpdir(), 'candor-dist-rec-'));
  let databases: FreshDatabases;
  let bucket: RecordingStorage;
  let recruiterToken = '';
  let organisationId = '';
  let liveInterviewId = '';
  /** ms between the interviewer's record on and off, per segment, as this test sent them */
  const recorded: number[] = [];

  async function step(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      const logs = Object.values(started).map((service) => `--- ${service.name} ---\n${service.output().slice(-4000)}`);
      if (error instanceof Error) error.message += `\n\n${logs.join('\n')}`;
      throw error;
    }
  }

  async function call<T>(service: string, path: string, init: { method?: string; body?: unknown; bearer?: string } = {}) {
    const response = await fetch(started[service]!.url + path, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        authorization: `Bearer ${init.bearer ?? recruiterToken}`,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
      await sleep(250);
    }
  }

  beforeAll(async () => {
    if (engine === 'mediasoup' && mediasoupMissing) throw new Error(`CANDOR_REQUIRE_MEDIASOUP=1 but ${mediasoupMissing}`);
    const { pgUrl, kafkaBrokers, mongoUrl, s3 } = servers() as Required<Infra>;
    databases = await createFreshDatabases({ pgUrl, mongoUrl, prefix: 'candor_rec' });
    bucket = createS3Storage(s3);
    const env = {
      DATABASE_URL: databases.databaseUrl,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKA_NAMESPACE: databases.mongoDatabase.replace(/[^A-Za-z0-9_-]/g, '-'),
      MONGO_URL: databases.mongoUrl,
      MONGO_DATABASE: databases.mongoDatabase,
      CANDOR_LINK_KEYS: generateLinkKeys(),
      CANDOR_PUBLIC_URL: 'https://candor.example.test',
      CANDOR_SFU_ENGINE: engine,
      // a worker built elsewhere than where mediasoup looks (npm run media:worker links it there)
      ...(process.env.MEDIASOUP_WORKER_BIN ? { MEDIASOUP_WORKER_BIN: process.env.MEDIASOUP_WORKER_BIN } : {}),
      CANDOR_MEDIA_LISTEN_IP: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
    };
    const keys = await tokenKeys();
    started.identity = await startService('identity', { ...env, ...keys.envFor('identity') });
    const identityUrl = started.identity.url;
    const [invite, media] = await Promise.all(
      ['invite', 'media'].map((name) => startService(name, { ...env, ...keys.envFor(name, identityUrl) })),
    );
    started.invite = invite!;
    started.media = media!;
    started.recording = await startService('recording', {
      ...env,
      ...keys.envFor('recording', identityUrl),
      CANDOR_MEDIA_URL: started.media!.url,
      CANDOR_RECORDING_DIR: join(workDir, 'recording'),
      CANDOR_RECORDING_STORAGE: 's3',
      CANDOR_PLAYBACK_KEYS: generateLinkKeys('p1'),
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: s3.region,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: String(s3.forcePathStyle),
    });
  }, 180_000);

  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await Promise.allSettled(peers.map((peer) => peer.close()));
    await Promise.allSettled(Object.values(started).map((service) => service.stop()));
    await bucket?.close();
    await databases?.drop();
    rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  test(`a live interview on the ${engine} engine: two peers publish, the interviewer records twice and ends it`, () =>
    step(async () => {
      expect(started.media!.output()).toContain(`media service: SFU engine ${engine}`);
      const signUp = await call<SignUpResponse>('identity', apiPaths.identity.signUp, {
        method: 'POST',
        body: {
          organisationName: 'Recorded Org',
          name: 'Rita Recruiter',
          email: `rec-recruiter-${tag}@example.com`,
          password: 'correct horse battery',
        },
      });
      expect(signUp.status).toBe(201);
      recruiterToken = signUp.body.token;
      organisationId = JSON.parse(Buffer.from(recruiterToken.split('.')[1]!, 'base64url').toString('utf8')).org;
      expect(organisationId).toBeTruthy();

      const template = await call<CommandResult>('invite', apiPaths.invite.liveTemplates, {
        method: 'POST',
        body: { name: 'Recorded panel', durationMinutes: 30, instructions: '', recordable: true, defaultInterviewers: [] },
      });
      expect(template.status).toBe(201);
      const instant = new Date(Math.ceil((Date.now() + 5 * 60_000) / 60_000) * 60_000);
      const scheduled = await call<ScheduleLiveInterviewResponse>('invite', apiPaths.invite.liveInterviews, {
        method: 'POST',
        body: {
          templateId: template.body.id,
          candidateName: 'Cara Candidate',
          candidateEmail: `rec-candidate-${tag}@example.com`,
          startsAt: instant.toISOString().slice(0, 16),
          timeZone: 'UTC',
          guestInterviewers: [],
        },
      });
      expect(scheduled.status).toBe(201);
      liveInterviewId = scheduled.body.id;
      const linkOf = (path: string) => path.split('/').pop()!;
      const live = async (role: 'host' | 'candidate') => {
        const token = linkOf(scheduled.body.links[role]!.path);
        const opened = await call<OpenLiveLinkResponse>('invite', apiPaths.invite.openLiveLink, {
          method: 'POST',
          body: { token, role },
        });
        expect(opened.status).toBe(200);
        return opened.body.liveToken;
      };
      const join = (liveToken: string, body: object) =>
        call<JoinRoomResponse>('media', apiPaths.media.join, { method: 'POST', body, bearer: liveToken });

      // the media service prepares the room from the invite's events over Kafka: until then, 404
      const hostLive = await live('host');
      const hostJoin = await eventually(() => join(hostLive, { displayName: 'Hana Host' }), (a) => a.status !== 404, 'the room');
      expect(hostJoin.status).toBe(200);
      const candidateJoin = await join(await live('candidate'), { recordingConsent: true });
      expect(candidateJoin.status).toBe(200);

      const host = await SignalClient.open(started.media!.url);
      const candidate = await SignalClient.open(started.media!.url);
      sockets.push(host, candidate);
      host.send({ type: 'hello', token: hostJoin.body.roomToken });
      await host.next('welcome');
      candidate.send({ type: 'hello', token: candidateJoin.body.roomToken });
      const candidateWelcome = await candidate.next('welcome');
      host.send({ type: 'admit', participantId: candidateWelcome.participantId });
      await candidate.next('admitted');

      // each publishes decodable VP8 + Opus, as a browser would after entering the room
      for (const client of [host, candidate]) {
        const publisher = await createSyntheticPublisher({ decodable: true, videoFramesPerSecond: 15 });
        peers.push(publisher);
        const from = client.messages.length;
        client.send({ type: 'publish', sdp: publisher.offerSdp });
        const published = await client.next('published', { from });
        await publisher.accept(published.sdp);
        await publisher.connected();
      }
      await sleep(1_000);

      for (const seconds of [5, 3]) {
        const from = host.messages.length;
        host.send({ type: 'record', on: true });
        const on = Date.now();
        await host.next('room', { from, where: (message) => message.room.recording === true });
        await sleep(seconds * 1000 - (Date.now() - on));
        const off = host.messages.length;
        host.send({ type: 'record', on: false });
        recorded.push(Date.now() - on);
        await host.next('room', { from: off, where: (message) => message.room.recording === false });
        await sleep(1_000);
      }
      host.send({ type: 'end' });
      await host.next('ended');
    }));

  test('both segments become ready; their files are objects in the bucket; a playback URL streams a range (206)', () =>
    step(async () => {
      const listed = await eventually(
        () => call<RecordingListResponse>('recording', apiPaths.recording.interviewRecordings(liveInterviewId)),
        (answer) =>
          answer.status === 200 &&
          answer.body.recordings.length === 2 &&
          answer.body.recordings.every((r: RecordingView) => r.status === 'ready' || r.status === 'failed'),
        'two processed segments',
        120_000,
      );
      const segments = listed.body.recordings;
      expect(segments.map((s) => ({ index: s.index, status: s.status, failure: s.failure }))).toEqual([
        { index: 1, status: 'ready', failure: null },
        { index: 2, status: 'ready', failure: null },
      ]);

      // in the bucket, under the interview: per segment its composite and one track per participant
      const keys = await bucket.list(`${organisationId}/${liveInterviewId}/`);
      for (const segment of segments) {
        const own = keys.filter((key) => key.startsWith(`${organisationId}/${liveInterviewId}/${segment.id}/`));
        expect(own.filter((key) => key.endsWith('/composite.webm'))).toHaveLength(1);
        expect(own.filter((key) => key.includes('/tracks/'))).toHaveLength(2);
      }

      for (const [i, segment] of segments.entries()) {
        const minted = await call<PlaybackUrlResponse>('recording', apiPaths.recording.playbackUrl(segment.id), {
          method: 'POST',
        });
        expect(minted.status).toBe(200);
        const url = started.recording!.url + minted.body.url;
        const head = await fetch(url, { headers: { range: 'bytes=0-1023' } });
        expect(head.status).toBe(206);
        const size = Number(/\/(\d+)$/.exec(head.headers.get('content-range') ?? '')?.[1]);
        expect(head.headers.get('content-range')).toBe(`bytes 0-1023/${size}`);
        expect((await head.arrayBuffer()).byteLength).toBe(1024);
        // the rest, in a second range: together the whole object, which ffprobe reads
        const rest = await fetch(url, { headers: { range: 'bytes=1024-' } });
        expect(rest.status).toBe(206);
        const file = join(workDir, `segment-${segment.index}.webm`);
        const whole = Buffer.concat([
          Buffer.from(await (await fetch(url, { headers: { range: 'bytes=0-1023' } })).arrayBuffer()),
          Buffer.from(await rest.arrayBuffer()),
        ]);
        expect(whole.byteLength).toBe(size);
        writeFileSync(file, whole);
        const probed = await probe(defaultFfmpegTools, file);
        expect(probed.streams.map((s) => s.codecName).sort()).toEqual(['opus', 'vp8']);
        // as long as recorded, within the bound the browser e2e holds too
        const measured = { segment: segment.index, recordedMs: recorded[i]!, fileMs: Math.round(probed.durationSeconds! * 1000) };
        expect({ ...measured, withinOneSecond: Math.abs(measured.fileMs - measured.recordedMs) <= 1_000 }).toEqual({
          ...measured,
          withinOneSecond: true,
        });
      }
    }));
});
