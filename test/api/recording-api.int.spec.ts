// The recording service over real HTTP with real adapters (PGlite event store, in-process bus,
// filesystem storage behind the upload spool): media events open and close segments that become
// ready once stored; the playlist is the organisation's own; playback through signed URLs with HTTP
// Range, each request checked again — expired, tampered, another recording's and another
// organisation's URLs are refused with nothing streamed, and a deletion stops the URL that was
// playing at its next range request, with the bytes gone from storage; retention is set, validated
// and swept; bad input is a 4xx problem+json.
import { readFile, readdir } from 'node:fs/promises';
import {
  apiPaths,
  recordingNotice,
  type PlaybackUrlResponse,
  type RecordingListResponse,
  type RecordingView,
} from '@candor/contracts';
import { createPlaybackTokens, createS3Storage, segmentPrefix } from '@candor/recording';
import { describeWithS3 } from '../contracts/infra';
import { request } from '../support/http';
import { startRecordingHarness, type RecordingHarness } from '../support/recording';

let harness: RecordingHarness;
const orgA = 'org-a';
const orgB = 'org-b';
const paths = apiPaths.recording;

beforeAll(async () => {
  harness = await startRecordingHarness();
});
afterAll(async () => {
  await harness?.stop();
});

const as =
  (org: string, on = () => harness) =>
  async (method: string, path: string, body?: unknown) =>
    request(on().url, method, path, { token: await on().recruiterToken(org), body });

async function playlist(org: string, roomId: string): Promise<RecordingView[]> {
  const answer = await as(org)('GET', paths.interviewRecordings(roomId));
  expect(answer.status).toBe(200);
  return (answer.body as RecordingListResponse).recordings;
}

/** Records one segment in a fresh room of `org` and waits until it is ready; answers its view. */
async function recordedSegment(org = orgA) {
  const room = harness.room(org);
  await room.consent(recordingNotice);
  await room.hostJoins();
  await room.candidateJoins();
  await room.admit();
  await room.start();
  harness.advance(8_000);
  await room.stop();
  const [ready] = await harness.eventually(async () => {
    const list = await playlist(org, room.roomId);
    return list.length === 1 && list[0]!.status === 'ready' ? list : undefined;
  }, 'a ready segment');
  return { room, recording: ready! };
}

async function playbackUrl(org: string, recordingId: string): Promise<string> {
  const answer = await as(org)('POST', paths.playbackUrl(recordingId));
  expect(answer.status).toBe(200);
  return (answer.body as PlaybackUrlResponse).url;
}

const fetchRange = (url: string, range?: string) => fetch(harness.url + url, { headers: range ? { range } : {} });

describe('segments from the room', () => {
  it('opens a segment at start, closes it at stop, and makes it ready with what was captured', async () => {
    const { recording } = await recordedSegment();
    expect(recording).toMatchObject({
      index: 1,
      status: 'ready',
      durationMs: 1000,
      interrupted: false,
      startedByName: 'Hana Host',
      contentType: 'video/webm',
      consent: { linkId: 'link-1', notice: recordingNotice },
    });
    expect(recording.participants.map((p) => p.participantId)).toEqual(['host-1', 'candidate']);
    // deleted at its end + 180 days, the default retention
    expect(Date.parse(recording.deleteAfter!) - Date.parse(recording.endedAt!)).toBe(180 * 24 * 3600 * 1000);
    const stored = (
      await harness.storage.list(
        segmentPrefix({ organisationId: orgA, roomId: recording.roomId, segmentId: recording.id }),
      )
    ).sort();
    expect(stored.some((key) => key.endsWith('/composite.webm'))).toBe(true);
    expect(stored.filter((key) => key.includes('/tracks/'))).toHaveLength(2);
  });

  it('numbers a second segment, marks an interrupted capture, and fails a segment with nothing captured', async () => {
    const room = harness.room(orgA);
    await room.hostJoins();
    await room.start();
    const closed = (count: number) => async () => {
      const list = await playlist(orgA, room.roomId);
      return list.length === count && list.every((s) => s.status !== 'recording') ? true : undefined;
    };
    // the recorder's next stop is told how to end before the policy reaches it
    harness.recorder.state.interruptNext = true;
    await room.stop();
    await harness.eventually(closed(1), 'the first segment closed');
    harness.recorder.state.loseNext = true;
    await room.start();
    await room.end();
    const segments = await harness.eventually(async () => {
      const list = await playlist(orgA, room.roomId);
      return list.length === 2 && list.every((s) => s.status === 'ready' || s.status === 'failed') ? list : undefined;
    }, 'two finished segments');
    expect(segments.map(({ index, status, interrupted }) => ({ index, status, interrupted }))).toEqual([
      { index: 1, status: 'ready', interrupted: true },
      { index: 2, status: 'failed', interrupted: true },
    ]);
    expect(segments[1]!.failure).toMatch(/nothing was captured/);
  });

  it('records whoever is in the room: joins and admissions during a segment are added, departures let go', async () => {
    const room = harness.room(orgA);
    await room.consent(recordingNotice);
    await room.hostJoins();
    await room.candidateJoins();
    harness.recorder.state.calls = [];
    await room.start();
    await room.secondHostJoins();
    await room.admit();
    await room.leaves('host-2');
    await room.stop();
    const [segment] = await harness.eventually(async () => {
      const list = await playlist(orgA, room.roomId);
      return list[0]?.status === 'ready' ? list : undefined;
    }, 'the segment ready');
    // the waiting candidate is not recorded until admitted
    expect(harness.recorder.state.calls).toEqual([
      'start host-1',
      'add host-2',
      'add candidate',
      'remove host-2',
      'stop',
    ]);
    expect(segment!.participants.map((p) => p.participantId)).toEqual(['host-1', 'host-2', 'candidate']);
  });

  it('changes nothing and starts no capture when the media history is replayed', async () => {
    const { room } = await recordedSegment();
    const starts = harness.recorder.state.starts;
    const before = await harness.recordingStore.readStream(`recordings-${room.roomId}`);
    for (const runner of harness.policyRunners) await runner.replay([harness.mediaStore]);
    expect(harness.recorder.state.starts).toBe(starts);
    expect(await harness.recordingStore.readStream(`recordings-${room.roomId}`)).toHaveLength(before.length);
  });

  it("keeps each organisation's playlist to itself", async () => {
    const { room } = await recordedSegment();
    expect(await playlist(orgB, room.roomId)).toEqual([]);
  });
});

describe('playback through a signed URL', () => {
  let recording: RecordingView;
  let url: string;
  let file: Buffer;

  beforeAll(async () => {
    ({ recording } = await recordedSegment());
    url = await playbackUrl(orgA, recording.id);
    file = await readFile(harness.sample);
  });

  it('serves a range as 206 with the exact bytes, and the whole file without one', async () => {
    const partial = await fetchRange(url, 'bytes=100-199');
    expect(partial.status).toBe(206);
    expect(partial.headers.get('accept-ranges')).toBe('bytes');
    expect(partial.headers.get('content-range')).toBe(`bytes 100-199/${file.length}`);
    expect(partial.headers.get('content-type')).toBe('video/webm');
    expect(Buffer.from(await partial.arrayBuffer())).toEqual(file.subarray(100, 200));

    const open = await fetchRange(url, 'bytes=0-');
    expect(open.status).toBe(206);
    expect(Buffer.from(await open.arrayBuffer())).toEqual(file);

    const suffix = await fetchRange(url, 'bytes=-10');
    expect(Buffer.from(await suffix.arrayBuffer())).toEqual(file.subarray(file.length - 10));

    const whole = await fetchRange(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(file.length));
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(file);
  });

  it('answers 416 with the size for a range outside the file', async () => {
    for (const range of [`bytes=${file.length}-`, 'bytes=50-10']) {
      const answer = await fetchRange(url, range);
      expect(answer.status).toBe(416);
      expect(answer.headers.get('content-range')).toBe(`bytes */${file.length}`);
      expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
  });

  it('refuses an expired URL, and streams nothing', async () => {
    const fresh = await playbackUrl(orgA, recording.id);
    harness.advance(301_000);
    const answer = await fetchRange(fresh, 'bytes=0-99');
    expect(answer.status).toBe(403);
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await answer.json()) as { detail: string }).detail).toMatch(/expired/);
  });

  it('refuses a tampered URL, and streams nothing', async () => {
    const fresh = await playbackUrl(orgA, recording.id);
    const token = new URL(fresh, harness.url).searchParams.get('token')!;
    const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const answer = await fetchRange(`${paths.playback(recording.id)}?token=${tampered}`, 'bytes=0-99');
    expect(answer.status).toBe(403);
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it("refuses another recording's URL", async () => {
    const other = (await recordedSegment()).recording;
    const theirs = await playbackUrl(orgA, other.id);
    const token = new URL(theirs, harness.url).searchParams.get('token')!;
    const answer = await fetchRange(`${paths.playback(recording.id)}?token=${encodeURIComponent(token)}`, 'bytes=0-99');
    expect(answer.status).toBe(403);
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it("refuses another organisation's recruiter: no URL for them, and a URL made out to them does not play", async () => {
    expect((await as(orgB)('POST', paths.playbackUrl(recording.id))).status).toBe(404);
    // a genuine token (the service's own key) naming a viewer of another organisation
    const { token } = createPlaybackTokens(harness.playbackKeys).issue(
      recording.id,
      { kind: 'recruiter', organisationId: orgB, userId: 'recruiter-b' },
      harness.now(),
    );
    const answer = await fetchRange(`${paths.playback(recording.id)}?token=${encodeURIComponent(token)}`, 'bytes=0-99');
    expect(answer.status).toBe(403);
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('never writes a playback token to the logs', async () => {
    const fresh = await playbackUrl(orgA, recording.id);
    const token = new URL(fresh, harness.url).searchParams.get('token')!;
    expect((await fetchRange(fresh, 'bytes=0-9')).status).toBe(206);
    const logged = harness.logLines.join('');
    expect(logged).toContain(paths.playback(recording.id));
    expect(logged).not.toContain(token);
  });
});

describe('deleting a recording', () => {
  it('removes its bytes from storage, and the URL that was playing gets 410 at its next range', async () => {
    const { recording } = await recordedSegment();
    const url = await playbackUrl(orgA, recording.id);
    expect((await fetchRange(url, 'bytes=0-99')).status).toBe(206);
    const prefix = segmentPrefix({ organisationId: orgA, roomId: recording.roomId, segmentId: recording.id });
    expect((await harness.storage.list(prefix)).length).toBeGreaterThan(0);

    expect((await as(orgB)('DELETE', paths.recording(recording.id))).status).toBe(404);
    const deleted = await as(orgA)('DELETE', paths.recording(recording.id));
    expect(deleted.status).toBe(204);

    const next = await fetchRange(url, 'bytes=100-199');
    expect(next.status).toBe(410);
    expect(next.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await harness.storage.list(prefix)).toEqual([]);
    // the folder on disk holds nothing of it either
    const objects = await readdir(`${harness.storageRoot}/objects/${orgA}`, { recursive: true }).catch(() => []);
    expect(objects.filter((path) => String(path).includes(recording.id))).toEqual([]);

    const [after] = await harness.eventually(async () => {
      const list = await playlist(orgA, recording.roomId);
      return list[0]?.status === 'deleted' ? list : undefined;
    }, 'the deletion in the playlist');
    expect(after).toMatchObject({ status: 'deleted', deleteAfter: null });
    expect((await as(orgA)('POST', paths.playbackUrl(recording.id))).status).toBe(410);
    expect((await as(orgA)('DELETE', paths.recording(recording.id))).status).toBe(204);
  });

  it('refuses to delete a segment that is still recording', async () => {
    const room = harness.room(orgA);
    await room.hostJoins();
    await room.start();
    const [open] = await harness.eventually(async () => {
      const list = await playlist(orgA, room.roomId);
      return list.length === 1 ? list : undefined;
    }, 'the open segment');
    expect(open!.status).toBe('recording');
    expect((await as(orgA)('DELETE', paths.recording(open!.id))).status).toBe(409);
    await room.stop();
  });
});

describe('retention', () => {
  it('is 180 days until chosen, then what the organisation chose; other organisations keep theirs', async () => {
    expect((await as('org-ret')('GET', paths.retention)).body).toEqual({ days: 180, isDefault: true });
    const set = await as('org-ret')('PUT', paths.retention, { days: 30 });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ days: 30, isDefault: false });
    expect((await as('org-ret')('GET', paths.retention)).body).toEqual({ days: 30, isDefault: false });
    expect((await as(orgB)('GET', paths.retention)).body).toEqual({ days: 180, isDefault: true });
  });

  it.each([[{ days: 0 }], [{ days: 3651 }], [{ days: 2.5 }], [{ days: '30' }], [{}], [{ days: 30, extra: true }]])(
    'refuses %j with a 400 problem and changes nothing',
    async (body) => {
      const answer = await as('org-ret-bad')('PUT', paths.retention, body);
      expect(answer.status).toBe(400);
      expect(answer.type).toMatch(/application\/problem\+json/);
      expect((await as('org-ret-bad')('GET', paths.retention)).body).toEqual({ days: 180, isDefault: true });
    },
  );

  it('deletes recordings past their retention at the next sweep, bytes and all', async () => {
    const org = 'org-sweep';
    expect((await as(org)('PUT', paths.retention, { days: 2 })).status).toBe(200);
    const { recording: old } = await recordedSegment(org);
    harness.advance(24 * 3600 * 1000);
    const { recording: young } = await recordedSegment(org);
    const shown = (await playlist(org, old.roomId))[0]!;
    expect(Date.parse(shown.deleteAfter!) - Date.parse(shown.endedAt!)).toBe(2 * 24 * 3600 * 1000);

    harness.advance(24 * 3600 * 1000 + 1_000);
    await harness.service.sweeper.sweep();
    const oldPrefix = segmentPrefix({ organisationId: org, roomId: old.roomId, segmentId: old.id });
    const youngPrefix = segmentPrefix({ organisationId: org, roomId: young.roomId, segmentId: young.id });
    expect(await harness.storage.list(oldPrefix)).toEqual([]);
    expect((await harness.storage.list(youngPrefix)).length).toBeGreaterThan(0);
    await harness.eventually(
      async () => ((await playlist(org, old.roomId))[0]?.status === 'deleted' ? true : undefined),
      'the swept recording',
    );
    expect((await playlist(org, young.roomId))[0]!.status).toBe('ready');
  });
});

describe('bad input', () => {
  it('answers 400 problem+json for ids that are not UUIDs and a playback without a token', async () => {
    for (const [method, path] of [
      ['GET', paths.interviewRecordings('not-a-uuid')],
      ['POST', paths.playbackUrl('nope')],
      ['DELETE', paths.recording('nope')],
      ['GET', paths.playback('nope') + '?token=x'],
      ['GET', paths.playback('0b1f8a2c-3d4e-4f50-8a61-7b8c9d0e1f20')],
    ] as const) {
      const answer = await as(orgA)(method, path);
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect(answer.type).toMatch(/application\/problem\+json/);
    }
  });

  it('answers 401 without a recruiter session, and 404 for a recording that does not exist', async () => {
    expect((await request(harness.url, 'GET', paths.retention)).status).toBe(401);
    expect((await request(harness.url, 'POST', paths.playbackUrl('0b1f8a2c-3d4e-4f50-8a61-7b8c9d0e1f20'))).status).toBe(
      401,
    );
    expect((await as(orgA)('POST', paths.playbackUrl('0b1f8a2c-3d4e-4f50-8a61-7b8c9d0e1f20'))).status).toBe(404);
  });
});

describeWithS3('playback and deletion with recordings in the S3 bucket', (s3) => {
  let onS3: RecordingHarness;
  beforeAll(async () => {
    const { endpoint, region, bucket, accessKeyId, secretAccessKey } = s3();
    onS3 = await startRecordingHarness({
      storage: createS3Storage({ endpoint, region, bucket, accessKeyId, secretAccessKey, forcePathStyle: true }),
    });
  });
  afterAll(() => onS3?.stop());

  it('serves ranges from the bucket, and after deletion the object is gone from it and the URL answers 410', async () => {
    const org = `org-s3-${Date.now()}`;
    const room = onS3.room(org);
    await room.hostJoins();
    await room.start();
    onS3.advance(4_000);
    await room.stop();
    const recording = await onS3.eventually(async () => {
      const list = (await as(org, () => onS3)('GET', paths.interviewRecordings(room.roomId)))
        .body as RecordingListResponse;
      return list.recordings[0]?.status === 'ready' ? list.recordings[0] : undefined;
    }, 'a ready segment in S3');
    const url = ((await as(org, () => onS3)('POST', paths.playbackUrl(recording.id))).body as PlaybackUrlResponse).url;
    const file = await readFile(onS3.sample);
    const partial = await fetch(onS3.url + url, { headers: { range: 'bytes=10-59' } });
    expect(partial.status).toBe(206);
    expect(Buffer.from(await partial.arrayBuffer())).toEqual(file.subarray(10, 60));

    const prefix = segmentPrefix({ organisationId: org, roomId: room.roomId, segmentId: recording.id });
    expect((await onS3.storage.list(prefix)).length).toBe(2);
    expect((await as(org, () => onS3)('DELETE', paths.recording(recording.id))).status).toBe(204);
    expect(await onS3.storage.list(prefix)).toEqual([]);
    expect((await fetch(onS3.url + url, { headers: { range: 'bytes=60-99' } })).status).toBe(410);
  });
});
