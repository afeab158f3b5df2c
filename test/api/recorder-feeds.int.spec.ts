// The media service's internal recorder-feed API over real HTTP on the embedded composition: only a
// service token (audience candor-service) of an allowed caller gets in; a recruiter session, a token
// of another service, a tampered or expired one do not; bad input is a 400 problem; a room that does
// not exist is a 404. (That a feed needs the room's recording on is the live room's decision, tested
// in services/media/src/live/live-room.unit.spec.ts; the feed itself in the SFU engine contract.)
import { randomUUID } from 'node:crypto';
import { recorderFeedPaths } from '@candor/contracts';
import type { EmbeddedCandor } from '@candor/embedded';
import { createServiceTokens, createSessionTokens } from '@candor/runtime';
import { mediaFeeds, MediaFeedError } from '@candor/recording/src/capture/media-feeds';
import { startTestCandor } from '../support/embedded';
import { request } from '../support/http';

const secret = 'a-test-secret-of-at-least-32-characters-for-services';
const service = createServiceTokens(secret);

describe('internal recorder-feed API', () => {
  let candor: EmbeddedCandor;
  beforeAll(async () => {
    candor = await startTestCandor({ env: { CANDOR_JWT_SECRET: secret }, embedded: { sfuEngine: 'werift' } });
  });
  afterAll(() => candor?.stop());

  const roomId = randomUUID();
  const body = { participantId: 'candidate', ip: '127.0.0.1', videoPort: 40000, audioPort: 40002 };
  const recording = service.sign({ sub: 'recording' }).token;

  test('no token, a recruiter session, another service, a tampered or expired token: refused as problems', async () => {
    const session = createSessionTokens(secret).sign({
      sub: randomUUID(),
      org: randomUUID(),
      email: 'r@example.com',
      name: 'R',
      orgName: 'O',
    }).token;
    const tampered = `${recording.slice(0, -3)}${recording.endsWith('A') ? 'B' : 'A'}xx`;
    const expired = createServiceTokens(secret, -30).sign({ sub: 'recording' }).token;
    const cases: [string | undefined, number][] = [
      [undefined, 401],
      [session, 401],
      [tampered, 401],
      [expired, 401],
      [createServiceTokens('another-secret-of-at-least-32-characters!!').sign({ sub: 'recording' }).token, 401],
      [service.sign({ sub: 'notification' }).token, 403],
    ];
    for (const [token, status] of cases) {
      for (const [method, path, payload] of [
        ['POST', recorderFeedPaths.feeds(roomId), body],
        ['GET', recorderFeedPaths.publishers(roomId), undefined],
        ['DELETE', recorderFeedPaths.feed(roomId, randomUUID()), undefined],
      ] as const) {
        const answer = await request(candor.url, method, path, { token, body: payload });
        expect([method, answer.status]).toEqual([method, status]);
        expect(answer.type).toContain('application/problem+json');
      }
    }
  });

  test('bad input is a 400 problem; an unknown room is a 404', async () => {
    for (const bad of [
      { ...body, ip: 'recorder.example' },
      { ...body, videoPort: 0 },
      { ...body, audioPort: 70000 },
      { ...body, participantId: '' },
      { ...body, extra: true },
    ]) {
      const answer = await request(candor.url, 'POST', recorderFeedPaths.feeds(roomId), {
        token: recording,
        body: bad,
      });
      expect(answer.status).toBe(400);
      expect(answer.type).toContain('application/problem+json');
    }
    const notUuid = await request(candor.url, 'POST', recorderFeedPaths.feeds('not-a-room'), {
      token: recording,
      body,
    });
    expect(notUuid.status).toBe(400);

    const unknown = await request(candor.url, 'POST', recorderFeedPaths.feeds(roomId), { token: recording, body });
    expect(unknown.status).toBe(404);
    const publishers = await request(candor.url, 'GET', recorderFeedPaths.publishers(roomId), { token: recording });
    expect(publishers).toMatchObject({ status: 200, body: { publishers: [] } });
    const stop = await request(candor.url, 'DELETE', recorderFeedPaths.feed(roomId, randomUUID()), {
      token: recording,
    });
    expect(stop.status).toBe(204);
  });

  test("the recording service's client: refusals come back with their status and problem type", async () => {
    const feeds = mediaFeeds({ mediaUrl: candor.url, serviceTokens: service });
    expect(await feeds.publishers(roomId)).toEqual([]);
    const refusal = await feeds
      .feedFor(roomId)('candidate', { ip: '127.0.0.1', videoPort: 40_000, audioPort: 40_002 })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MediaFeedError);
    expect(refusal).toMatchObject({ status: 404, type: 'not-found' });
    const stranger = mediaFeeds({ mediaUrl: candor.url, serviceTokens: createServiceTokens('x'.repeat(40)) });
    await expect(stranger.publishers(roomId)).rejects.toMatchObject({ status: 401 });
  });
});
