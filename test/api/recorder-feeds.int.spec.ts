// The media service's internal recorder-feed API over real HTTP on the embedded composition: only a
// service token (audience candor-service) signed by the recording service's own key gets in; a
// recruiter session (even one signed with that same key), a token signed by another key, one naming
// another service, a tampered or expired one do not; bad input is a 400 problem; a room that does
// not exist is a 404. (That a feed needs the room's recording on is the live room's decision, tested
// in services/media/src/live/live-room.unit.spec.ts; the feed itself in the SFU engine contract.)
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiPaths, recorderFeedPaths } from '@candor/contracts';
import type { EmbeddedCandor } from '@candor/embedded';
import {
  createServiceTokens,
  createSessionTokens,
  createSignedTokens,
  generateSigningKey,
  ownTokenKeys,
  parsePrivateKeys,
  serviceClaims,
  tokenIssuers,
  type ServiceTokens,
} from '@candor/runtime';
import { mediaFeeds, MediaFeedError } from '@candor/recording/src/capture/media-feeds';
import { startTestCandor } from '../support/embedded';
import { request } from '../support/http';

describe('internal recorder-feed API', () => {
  let candor: EmbeddedCandor;
  /** the recording service's own keys, as the embedded server keeps them in its secrets folder */
  let keys: Awaited<ReturnType<typeof ownTokenKeys>>;
  let service: ServiceTokens;
  let recording: string;
  beforeAll(async () => {
    candor = await startTestCandor({ embedded: { sfuEngine: 'werift' } });
    const own = parsePrivateKeys(readFileSync(join(candor.secretsDir, 'recording-signing-keys.json'), 'utf8'));
    keys = await ownTokenKeys(tokenIssuers.recording, own);
    service = createServiceTokens(keys);
    recording = (await service.sign({ sub: 'recording' })).token;
  });
  afterAll(() => candor?.stop());

  const roomId = randomUUID();
  const body = { participantId: 'candidate', ip: '127.0.0.1', videoPort: 40000, audioPort: 40002 };

  test('no token, a recruiter session, another service, a tampered or expired token: refused as problems', async () => {
    const claims = { sub: randomUUID(), org: randomUUID(), email: 'r@example.com', name: 'R', orgName: 'O' };
    // a recruiter session: signed by identity's key, and one forged with recording's own key
    const identityKeys = await ownTokenKeys(tokenIssuers.identity, [await generateSigningKey()]);
    const session = (await createSessionTokens(identityKeys).sign(claims)).token;
    // what a leaked recording key could try: a recruiter session in identity's name
    const asIdentity = tokenIssuers.identity;
    const sessionWithRecordingKey = (
      await createSignedTokens({
        keys: { signing: { ...keys.signing, issuer: asIdentity }, verifying: { ...keys.verifying, issuer: asIdentity } },
        audience: 'candor-recruiter',
        ttlSeconds: 60,
        claims: serviceClaims.passthrough(),
        refusal: 'no',
      }).sign(claims)
    ).token;
    expect((await request(candor.url, 'GET', apiPaths.invite.jobs, { token: sessionWithRecordingKey })).status).toBe(401);
    expect((await request(candor.url, 'GET', apiPaths.invite.jobs, { token: session })).status).toBe(401);
    const tampered = `${recording.slice(0, -3)}${recording.endsWith('A') ? 'B' : 'A'}xx`;
    const expired = (await createServiceTokens(keys, -30).sign({ sub: 'recording' })).token;
    const otherKey = await ownTokenKeys(tokenIssuers.recording, [await generateSigningKey()]);
    // the recording service's key vouching for another service: not accepted
    const otherService = (
      await createSignedTokens({ keys, audience: 'candor-service', ttlSeconds: 60, claims: serviceClaims, refusal: 'no' }).sign({
        sub: 'notification',
      })
    ).token;
    const cases: [string | undefined, number][] = [
      [undefined, 401],
      [session, 401],
      [sessionWithRecordingKey, 401],
      [tampered, 401],
      [expired, 401],
      [(await createServiceTokens(otherKey).sign({ sub: 'recording' })).token, 401],
      [otherService, 401],
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
    const strangerKeys = await ownTokenKeys(tokenIssuers.recording, [await generateSigningKey()]);
    const stranger = mediaFeeds({ mediaUrl: candor.url, serviceTokens: createServiceTokens(strangerKeys) });
    await expect(stranger.publishers(roomId)).rejects.toMatchObject({ status: 401 });
  });
});
