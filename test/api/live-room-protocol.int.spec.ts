// Permissions of live rooms at the protocol level, against the embedded composition over real HTTP
// and real WebSockets (the `ws` client), with media on the werift engine between synthetic werift
// peers that count the RTP packets they receive. What it shows: a candidate token cannot admit,
// decline, record, mute or end (over the socket or HTTP), cannot publish or subscribe and receives
// no media while waiting; expired, forged, tampered and reused room tokens are refused; a copied
// token cannot take over a connected participant; a revoked link cannot mint a token, and revoking
// or re-issuing a link removes whoever is connected through it at once (socket closed with 4011,
// their media stops at the others within a second); any host admits; the waiting list follows the
// candidate's socket; media flows both ways once admitted; mute stops audio but not video; end and
// decline are final.
//
// The chain is the product's own: a template and an interview scheduled through the invite API, its
// links opened for live tokens (POST /api/invite/live-links/open), the media service's room prepared
// by its policy from the invite events, joined for room tokens. The suite reads the media service's
// signing key (from the secrets folder) only to make expired room tokens.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import {
  apiPaths,
  linkProblemTypes,
  liveLinkPrefixes,
  liveProblemTypes,
  roomEventNames,
  signalCloseCodes,
  type JoinRoomResponse,
  type LiveLinksResponse,
  type LiveRole,
  type ServerMessage,
  type SignUpResponse,
} from '@candor/contracts';
import type { EmbeddedCandor } from '@candor/embedded';
import {
  createRoomTokens,
  generateSigningKey,
  ownTokenKeys,
  parsePrivateKeys,
  redactedPaths,
  tokenIssuers,
  type RoomTokens,
} from '@candor/runtime';
import {
  createSyntheticPublisher,
  createSyntheticSubscriber,
  type SyntheticPublisher,
  type SyntheticSubscriber,
} from '@candor/media/test/synthetic-peer';
import { startTestCandor } from '../support/embedded';
import { SignalClient, type SignalMessage } from '../support/signal-client';
import { useExclusive } from '../support/exclusive';

/** the media service's own room tokens (its key from the secrets folder), and another key's */
let roomTokens: RoomTokens;
let expiredRoomTokens: RoomTokens;
let foreignRoomTokens: RoomTokens;
/** every log line of the composition, to check what refusals log (and that no token is in a log) */
const logLines: string[] = [];
const logger = pino(
  { level: 'info', redact: { paths: redactedPaths, censor: '[redacted]' } },
  new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
);
/** the tokens this suite saw, none of which may appear in a log line */
const tokensSeen = new Set<string>();

type Message<T extends ServerMessage['type']> = SignalMessage<T>;

// CPU-bound in real time (peer connections, Chromium): one such suite at a time
useExclusive();

describe('live room protocol', () => {
  let candor: EmbeddedCandor;
  let recruiter: SignUpResponse;
  const clients: SignalClient[] = [];
  const peers: (SyntheticPublisher | SyntheticSubscriber)[] = [];

  beforeAll(async () => {
    candor = await startTestCandor({
      embedded: {
        sfuEngine: 'werift',
        logger,
        signalTimings: { helloTimeoutMs: 1_000, heartbeatMs: 400 },
        // the suite opens links far more often than one person would
        linkRateLimits: { opens: { windowMs: 60_000, limit: 10_000 }, refusals: { windowMs: 60_000, limit: 10_000 } },
      },
    });
    expect(candor.sfuEngine).toBe('werift');
    const mediaKeys = parsePrivateKeys(readFileSync(joinPath(candor.secretsDir, 'media-signing-keys.json'), 'utf8'));
    const keys = await ownTokenKeys(tokenIssuers.media, mediaKeys);
    roomTokens = createRoomTokens(keys);
    expiredRoomTokens = createRoomTokens(keys, -30);
    foreignRoomTokens = createRoomTokens(await ownTokenKeys(tokenIssuers.media, [await generateSigningKey()]));
    const response = await fetch(candor.url + apiPaths.identity.signUp, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        organisationName: 'Rooms Inc',
        name: 'Ada',
        email: 'ada@rooms.test',
        password: 'a long enough password',
      }),
    });
    expect(response.status).toBe(201);
    recruiter = (await response.json()) as SignUpResponse;
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(peers.splice(0).map((peer) => peer.close()));
  });
  afterAll(async () => {
    await candor?.stop();
    // no room token or live token reached a log line (nor a part of one)
    const log = logLines.join('');
    expect(tokensSeen.size).toBeGreaterThan(0); // the check below is not vacuous
    for (const token of tokensSeen) expect(log).not.toContain(token.includes('.') ? token.split('.')[2] : token);
  });

  const organisationId = () => recruiter.recruiter.organisationId;
  const remember = (token: string) => (tokensSeen.add(token), token);

  async function call(method: string, path: string, options: { token?: string; body?: unknown } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(candor.url + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      cacheControl: response.headers.get('cache-control'),
      body: text ? JSON.parse(text) : undefined,
    };
  }

  const roomEvents = async (roomId: string) =>
    (await candor.stores.media.readStream(`room-${roomId}`)).map((event) => event.type);

  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
      await sleep(25);
    }
  }

  /** Waits until the media service wrote one more `type` into the room (its policy runs on the bus). */
  async function roomEventAfter(roomId: string, type: string, action: () => Promise<unknown>) {
    const count = async () => (await roomEvents(roomId)).filter((name) => name === type).length;
    const before = await count();
    await action();
    await eventually(count, (now) => now > before);
  }

  /**
   * A live interview scheduled through the invite API (a template of its own, starting in two
   * minutes unless told otherwise), once the media service has prepared its room. `liveToken` opens a link the way
   * the frontend's server does, for a fresh live token.
   */
  async function schedule(options: { recordable?: boolean; startsInMinutes?: number } = {}) {
    const template = await call('POST', apiPaths.invite.liveTemplates, {
      token: recruiter.token,
      body: { name: 'Backend panel', durationMinutes: 45, recordable: options.recordable ?? false },
    });
    expect(template.status).toBe(201);
    const templateId = template.body.id as string;
    const scheduled = await call('POST', apiPaths.invite.liveInterviews, {
      token: recruiter.token,
      body: {
        templateId,
        candidateName: 'Grace Hopper',
        candidateEmail: 'grace@example.test',
        // a start must lie in the future; two minutes ahead the waiting room is already open
        startsAt: new Date(Date.now() + (options.startsInMinutes ?? 2) * 60_000).toISOString().slice(0, 16),
        timeZone: 'UTC',
      },
    });
    expect(scheduled.status).toBe(201);
    const roomId = scheduled.body.id as string;
    const links = scheduled.body.links as LiveLinksResponse;
    const events = await eventually(
      () => candor.stores.media.readStream(`room-${roomId}`),
      (stream) => stream.some((event) => event.type === roomEventNames.RoomPrepared),
    );
    const room = events[0]!.data as { startsAt: string; candidateLinkId: string; hostLinkId: string };
    const liveToken = async (role: LiveRole) => {
      const token = remember(links[role]!.path.slice(liveLinkPrefixes[role].length));
      const opened = await call('POST', apiPaths.invite.openLiveLink, { body: { token, role } });
      expect(opened.status).toBe(200);
      return remember(opened.body.liveToken as string);
    };
    const changeLink = (action: 'revoke' | 'reissue', role: LiveRole) =>
      roomEventAfter(roomId, roomEventNames.RoomLinksChanged, async () => {
        const path =
          action === 'revoke' ? apiPaths.invite.revokeLiveLink(roomId) : apiPaths.invite.reissueLiveLink(roomId);
        const changed = await call('POST', path, { token: recruiter.token, body: { role } });
        expect(changed.status).toBe(200);
      });
    return { roomId, templateId, room, liveToken, changeLink };
  }
  type Scheduled = Awaited<ReturnType<typeof schedule>>;

  const join = (liveToken: string, body: object = {}) => call('POST', apiPaths.media.join, { token: liveToken, body });
  /** What a link page's load asks: may this link enter now (nothing minted). */
  const entry = (liveToken: string) => call('GET', apiPaths.media.entry, { token: liveToken });

  async function roomToken(
    interview: Scheduled,
    role: LiveRole,
    body: object = role === 'host' ? { displayName: 'Bo' } : {},
  ) {
    const joined = await join(await interview.liveToken(role), body);
    expect(joined.status).toBe(200);
    expect(joined.cacheControl).toBe('no-store');
    tokensSeen.add(joined.body.roomToken);
    return joined.body as JoinRoomResponse;
  }

  /** A socket that said hello with this room token and was let in. */
  async function connect(token: string, state?: 'waiting' | 'in-room') {
    const client = await SignalClient.open(candor.url);
    clients.push(client);
    client.send({ type: 'hello', token });
    const welcome = await client.next('welcome');
    if (state) expect(welcome.state).toBe(state);
    return client;
  }
  const enter = async (interview: Scheduled, role: LiveRole, name = 'Bo') =>
    connect(
      (await roomToken(interview, role, role === 'host' ? { displayName: name } : { recordingConsent: true }))
        .roomToken,
      role === 'host' ? 'in-room' : 'waiting',
    );

  /** A socket that says hello with `token` and must be closed with `code`. */
  async function refusedHello(token: string, code: number) {
    const client = await SignalClient.open(candor.url);
    clients.push(client);
    client.send({ type: 'hello', token });
    const closed = await client.closedWith();
    expect(closed.code).toBe(code);
    expect(client.all('welcome')).toEqual([]);
    return closed;
  }

  /** Publishes synthetic audio + video from this participant. */
  async function publish(client: SignalClient) {
    const publisher = await createSyntheticPublisher();
    peers.push(publisher);
    const from = client.messages.length;
    client.send({ type: 'publish', sdp: publisher.offerSdp });
    const published = await client.next('published', { from });
    await publisher.accept(published.sdp);
    await publisher.connected();
    return publisher;
  }

  /** Answers the server's `subscribe` offer for `publisherId` and waits for packets of every kind. */
  async function receiveFrom(client: SignalClient, publisherId: string) {
    const offer = await client.next('subscribe', { where: (message) => message.publisherId === publisherId });
    const subscriber = await createSyntheticSubscriber(offer.sdp);
    peers.push(subscriber);
    client.send({ type: 'answer', subscriptionId: offer.subscriptionId, sdp: subscriber.answerSdp });
    await subscriber.connected();
    await eventually(
      async () => subscriber.received,
      (received) => received.audio > 5 && received.video > 5,
      10_000,
    );
    return subscriber;
  }

  describe('a candidate token', () => {
    it('cannot admit, decline, record, mute or end: each is refused as forbidden and nothing is written', async () => {
      const interview = await schedule({ recordable: true });
      const host = await enter(interview, 'host');
      const candidate = await enter(interview, 'candidate');
      const before = await roomEvents(interview.roomId);
      const hostId = host.all('welcome')[0]!.participantId;
      for (const message of [
        { type: 'admit', participantId: 'candidate' },
        { type: 'decline', participantId: 'candidate' },
        { type: 'record', on: true },
        { type: 'mute', participantId: hostId },
        { type: 'end' },
      ]) {
        const from = candidate.messages.length;
        candidate.send(message);
        expect(await candidate.next('error', { from })).toMatchObject({ code: 'forbidden', refused: message.type });
      }
      await sleep(200);
      expect(await roomEvents(interview.roomId)).toEqual(before);
      expect(candidate.isOpen).toBe(true);
      // each refusal is logged as a warning naming the participant, the room and the command
      const refusals = logLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.level === 40 && line.roomId === interview.roomId && line.participantId === 'candidate');
      expect(refusals.map((line) => line.command)).toEqual(['admit', 'decline', 'record', 'mute', 'end']);
      expect(candidate.all('admitted')).toEqual([]);
      expect(host.all('ended')).toEqual([]);
    });

    it('cannot publish or subscribe before admission, and receives no media while a host publishes', async () => {
      const interview = await schedule();
      const host = await enter(interview, 'host');
      await publish(host);
      const candidate = await enter(interview, 'candidate');
      const publisher = await createSyntheticPublisher();
      peers.push(publisher);
      let from = candidate.messages.length;
      candidate.send({ type: 'publish', sdp: publisher.offerSdp });
      expect(await candidate.next('error', { from })).toMatchObject({ code: 'not-admitted', refused: 'publish' });
      from = candidate.messages.length;
      candidate.send({ type: 'answer', subscriptionId: 'made-up', sdp: 'v=0\r\n' });
      expect(await candidate.next('error', { from })).toMatchObject({ code: 'not-admitted', refused: 'answer' });
      await sleep(1_500); // the host's media is flowing into the SFU all this time
      expect(candidate.all('subscribe')).toEqual([]);
      expect(candidate.all('published')).toEqual([]);
      // while waiting the candidate sees nobody, and no waiting list
      expect(candidate.all('welcome')[0]!.room).toEqual({ participants: [], waiting: [], recording: false });
    });

    it('sending a host command over HTTP gets 403 problem+json', async () => {
      const interview = await schedule();
      await enter(interview, 'candidate');
      const before = await roomEvents(interview.roomId);
      const refused = await call('POST', `/api/media/rooms/${interview.roomId}/commands`, {
        token: await interview.liveToken('candidate'),
        body: { type: 'admit', participantId: 'candidate' },
      });
      expect(refused.status).toBe(403);
      expect(refused.type).toContain('application/problem+json');
      expect(refused.body.type).toContain(liveProblemTypes.forbidden);
      expect(await roomEvents(interview.roomId)).toEqual(before);
      // the host's live token is the fallback that works
      const admitted = await call('POST', `/api/media/rooms/${interview.roomId}/commands`, {
        token: await interview.liveToken('host'),
        body: { type: 'admit', participantId: 'candidate' },
      });
      expect(admitted.status).toBe(200);
      expect(await roomEvents(interview.roomId)).toContain(roomEventNames.CandidateAdmitted);
    });
  });

  describe('room tokens', () => {
    it('refuses expired, forged and tampered tokens, and live tokens, with 4001', async () => {
      const interview = await schedule();
      const valid = await roomToken(interview, 'host');
      const { jti: _jti, ...claims } = await roomTokens.verify(valid.roomToken);
      await refusedHello((await expiredRoomTokens.sign(claims)).token, signalCloseCodes.unauthorized);
      await refusedHello((await foreignRoomTokens.sign(claims)).token, signalCloseCodes.unauthorized);
      const candidate = await roomToken(interview, 'candidate');
      const [header, payload, signature] = candidate.roomToken.split('.');
      const promoted = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      promoted.grants = { ...promoted.grants, admit: true, end: true };
      const tampered = [header, Buffer.from(JSON.stringify(promoted)).toString('base64url'), signature].join('.');
      await refusedHello(tampered, signalCloseCodes.unauthorized);
      await refusedHello(await interview.liveToken('host'), signalCloseCodes.unauthorized);
      // the genuine token still works (the refusals did not spend it)
      await connect(valid.roomToken, 'in-room');
    });

    it('are single use: a token presented again is refused with 4001', async () => {
      const interview = await schedule();
      const { roomToken: token } = await roomToken(interview, 'host');
      const first = await connect(token, 'in-room');
      await refusedHello(token, signalCloseCodes.unauthorized);
      first.close();
      await first.closedWith();
      await refusedHello(token, signalCloseCodes.unauthorized);
    });

    it('refuses a socket that does not say hello first', async () => {
      const interview = await schedule();
      const client = await SignalClient.open(candor.url);
      clients.push(client);
      client.send({ type: 'admit', participantId: 'candidate' });
      expect((await client.closedWith()).code).toBe(signalCloseCodes.unauthorized);
      const host = await enter(interview, 'host');
      const from = host.messages.length;
      host.send('{not json');
      expect(await host.next('error', { from })).toMatchObject({ code: 'invalid-message' });
      host.send({ type: 'record', on: 'yes' });
      expect(await host.next('error', { from: from + 1 })).toMatchObject({ code: 'invalid-message' });
      expect(host.isOpen).toBe(true);
    });

    it('closes a socket that says nothing with 4008', async () => {
      const client = await SignalClient.open(candor.url);
      clients.push(client);
      const closed = await client.closedWith(3_000);
      expect(closed).toEqual({ code: signalCloseCodes.helloTimeout, reason: 'hello-timeout' });
    });

    it('a second token of a connected participant cannot take over: 4009, and the original stays', async () => {
      const interview = await schedule();
      const host = await enter(interview, 'host');
      const candidate = await enter(interview, 'candidate');
      const copy = await roomToken(interview, 'candidate');
      await refusedHello(copy.roomToken, signalCloseCodes.alreadyConnected);
      await sleep(200);
      expect(candidate.isOpen).toBe(true);
      expect(
        host
          .all('room')
          .at(-1)!
          .room.waiting.map((entry) => entry.id),
      ).toEqual(['candidate']);
    });
  });

  describe('network check (the equipment test)', () => {
    it('answers a probe offer on a room of its own: the probe connects, and the live room sees nobody', async () => {
      const interview = await schedule();
      const publisher = await createSyntheticPublisher();
      peers.push(publisher);
      const probe = await call('POST', apiPaths.media.networkCheck, {
        token: await interview.liveToken('candidate'),
        body: { sdp: publisher.offerSdp },
      });
      expect(probe.status).toBe(200);
      expect(probe.cacheControl).toBe('no-store');
      // UDP and (passive) TCP candidates both, no relay in this deployment
      expect(probe.body.sdp).toMatch(/^a=candidate:\S+ 1 udp /m);
      expect(probe.body.sdp).toMatch(/^a=candidate:\S+ 1 tcp \d+ \S+ \d+ typ host tcptype passive/m);
      expect(probe.body.iceServers).toEqual([]);
      await publisher.accept(probe.body.sdp);
      await publisher.connected();
      // a probe is nobody in the interview: nothing joined the room
      expect(await roomEvents(interview.roomId)).not.toContain(roomEventNames.ParticipantJoined);
    });

    it('refuses without a live token (401), with a bad offer (400) and for a revoked link (410)', async () => {
      const interview = await schedule();
      expect((await call('POST', apiPaths.media.networkCheck, { body: { sdp: 'v=0' } })).status).toBe(401);
      const liveToken = await interview.liveToken('candidate');
      const bad = await call('POST', apiPaths.media.networkCheck, { token: liveToken, body: { sdp: 'not an offer' } });
      expect(bad.status).toBe(400);
      expect((await call('POST', apiPaths.media.networkCheck, { token: liveToken, body: {} })).status).toBe(400);
      await interview.changeLink('revoke', 'candidate');
      const revoked = await call('POST', apiPaths.media.networkCheck, { token: liveToken, body: { sdp: 'v=0' } });
      expect(revoked.status).toBe(410);
      expect(revoked.body.type).toContain(linkProblemTypes.revoked);
    });
  });

  describe('links', () => {
    it('a revoked candidate link cannot mint a room token (410 link-revoked)', async () => {
      const interview = await schedule();
      // a live token from before the revocation: it still verifies (2 minutes), the room refuses it
      const liveToken = await interview.liveToken('candidate');
      await interview.changeLink('revoke', 'candidate');
      const refused = await join(liveToken);
      expect(refused.status).toBe(410);
      expect(refused.body.type).toContain(linkProblemTypes.revoked);
    });

    it('a host whose link is re-issued while connected is disconnected at once (4011) and admits nobody', async () => {
      const interview = await schedule();
      const host = await enter(interview, 'host');
      const candidate = await enter(interview, 'candidate');
      const from = host.messages.length;
      await interview.changeLink('reissue', 'host');
      // without sending anything: the policy removes the host as it applies the re-issue
      expect(await host.next('error', { from })).toMatchObject({ code: linkProblemTypes.revoked });
      expect(await host.closedWith()).toEqual({ code: signalCloseCodes.linkWithdrawn, reason: linkProblemTypes.revoked });
      host.send({ type: 'admit', participantId: 'candidate' }); // too late: the socket is closing
      expect(await roomEvents(interview.roomId)).not.toContain(roomEventNames.CandidateAdmitted);
      expect(candidate.all('admitted')).toEqual([]);
    });
  });

  describe('the waiting room', () => {
    it('any host may admit: with two hosts, one drops and the other admits', async () => {
      const interview = await schedule();
      const first = await enter(interview, 'host', 'Ada');
      const second = await enter(interview, 'host', 'Bo');
      const candidate = await enter(interview, 'candidate');
      first.close();
      await second.next('room', { where: (message) => message.room.participants.length === 1 });
      second.send({ type: 'admit', participantId: 'candidate' });
      await candidate.next('admitted');
      const view = await second.next('room', {
        where: (message) => message.room.participants.some((p) => p.id === 'candidate'),
      });
      expect(view.room.waiting).toEqual([]);
    });

    it('a candidate who closes the socket leaves the waiting list at once, and is back in the same place on return', async () => {
      const interview = await schedule();
      const host = await enter(interview, 'host');
      const first = await enter(interview, 'candidate');
      const waiting = await host.next('room', { where: (message) => message.room.waiting.length === 1 });
      const since = waiting.room.waiting[0]!.since;
      const from = host.messages.length;
      const closedAt = Date.now();
      first.close();
      await host.next('room', { from, where: (message) => message.room.waiting.length === 0, timeoutMs: 1_000 });
      expect(Date.now() - closedAt).toBeLessThan(1_000);
      await sleep(50);
      await enter(interview, 'candidate');
      const back = await host.next('room', { from, where: (message) => message.room.waiting.length === 1 });
      expect(back.room.waiting).toEqual([{ id: 'candidate', name: 'Grace Hopper', since }]);
    });

    it('a candidate whose connection dies without a close is dropped by the heartbeat', async () => {
      const interview = await schedule();
      const host = await enter(interview, 'host');
      const { roomToken: token } = await roomToken(interview, 'candidate');
      const silent = await SignalClient.open(candor.url, { autoPong: false });
      clients.push(silent);
      silent.send({ type: 'hello', token });
      await silent.next('welcome');
      const from = host.messages.length;
      await host.next('room', { where: (message) => message.room.waiting.length === 1 });
      await host.next('room', { from, where: (message) => message.room.waiting.length === 0, timeoutMs: 3_000 });
      expect((await silent.closedWith()).code).toBe(1006); // terminated, no close frame
      expect(host.isOpen).toBe(true); // the host answers pings and stays
    });

    it('a declined candidate is told, disconnected (4003) and cannot rejoin', async () => {
      const interview = await schedule();
      const host = await enter(interview, 'host');
      const candidate = await enter(interview, 'candidate');
      host.send({ type: 'decline', participantId: 'candidate' });
      await candidate.next('declined');
      expect((await candidate.closedWith()).code).toBe(signalCloseCodes.declined);
      const again = await join(await interview.liveToken('candidate'));
      expect(again.status).toBe(403);
      expect(again.body.type).toContain(liveProblemTypes.declined);
      // the page's load is told the same, before anyone joins
      const page = await entry(await interview.liveToken('candidate'));
      expect(page.status).toBe(403);
      expect(page.body.type).toContain(liveProblemTypes.declined);
    });

    it('is not open to the candidate long before the start, and asks for consent when recordable', async () => {
      const early = await schedule({ startsInMinutes: 180 });
      const tooEarly = await join(await early.liveToken('candidate'));
      expect(tooEarly.status).toBe(409);
      expect(tooEarly.body.type).toContain(liveProblemTypes.tooEarly);
      expect(tooEarly.body.detail).toContain(early.room.startsAt);
      // interviewers may enter early, and say who they are
      expect((await join(await early.liveToken('host'), { displayName: 'Bo' })).status).toBe(200);
      expect((await join(await early.liveToken('host'))).status).toBe(400);
      // the pages' load learns the same without minting a room token or writing anything
      const eventsBefore = (await candor.stores.media.readStream(`room-${early.roomId}`)).length;
      const candidatePage = await entry(await early.liveToken('candidate'));
      expect(candidatePage.status).toBe(200);
      expect(candidatePage.cacheControl).toBe('no-store');
      expect(candidatePage.body).toEqual({
        availability: 'too-early',
        opensAt: new Date(Date.parse(early.room.startsAt) - 15 * 60_000).toISOString(),
      });
      expect((await entry(await early.liveToken('host'))).body).toMatchObject({ availability: 'open' });
      expect((await entry(await (await schedule()).liveToken('candidate'))).body).toMatchObject({ availability: 'open' });
      expect(await candor.stores.media.readStream(`room-${early.roomId}`)).toHaveLength(eventsBefore);
      expect((await call('GET', apiPaths.media.entry, {})).status).toBe(401);

      const recorded = await schedule({ recordable: true });
      const noConsent = await join(await recorded.liveToken('candidate'));
      expect(noConsent.status).toBe(400);
      expect(noConsent.body.type).toContain(liveProblemTypes.consentRequired);
      expect(await roomEvents(recorded.roomId)).not.toContain(roomEventNames.RecordingConsentGiven);
      await roomToken(recorded, 'candidate', { recordingConsent: true });
      await roomToken(recorded, 'candidate', { recordingConsent: true });
      const consents = (await candor.stores.media.readStream(`room-${recorded.roomId}`)).filter(
        (event) => event.type === roomEventNames.RecordingConsentGiven,
      );
      expect(consents).toHaveLength(1);
      expect(consents[0]!.data).toMatchObject({
        linkId: recorded.room.candidateLinkId,
        notice: expect.stringContaining('recorded'),
      });
    });
  });

  describe('in the room', () => {
    it('admit makes media flow both ways; mute stops the candidate\u2019s audio at the host while video continues', async () => {
      const interview = await schedule();
      const host = await enter(interview, 'host');
      const hostId = host.all('welcome')[0]!.participantId;
      await publish(host);
      const candidate = await enter(interview, 'candidate');
      host.send({ type: 'admit', participantId: 'candidate' });
      await candidate.next('admitted');
      const [, atHost, atCandidate] = await Promise.all([
        publish(candidate),
        receiveFrom(host, 'candidate'),
        receiveFrom(candidate, hostId),
      ]);
      expect(atHost.received.audio).toBeGreaterThan(5);
      expect(atCandidate.received.video).toBeGreaterThan(5);

      host.send({ type: 'mute', participantId: 'candidate' });
      expect(await candidate.next('muted')).toEqual({ type: 'muted', byName: 'Bo' });
      await host.next('room', {
        where: (message) => message.room.participants.some((p) => p.id === 'candidate' && p.audioMuted),
      });
      await sleep(300); // packets already on the wire
      const muted = { ...atHost.received };
      await sleep(1_000);
      expect(atHost.received.audio - muted.audio).toBeLessThanOrEqual(2);
      expect(atHost.received.video - muted.video).toBeGreaterThan(10);
      expect(await roomEvents(interview.roomId)).toContain(roomEventNames.ParticipantMuted);

      candidate.send({ type: 'unmute' });
      const unmuted = atHost.received.audio;
      await eventually(
        async () => atHost.received.audio,
        (audio) => audio > unmuted + 10,
      );
    });

    /**
     * Host and candidate in the room, each publishing and receiving the other. Revoking `role`'s
     * link must close that side's socket (4011 link-revoked) and stop its media at the other side:
     * one second after the revoke answered, the packets counted are the last ones (a second later
     * at most two more have trickled in, as with mute above).
     */
    async function revokeWithMediaFlowing(role: LiveRole) {
      const interview = await schedule();
      const host = await enter(interview, 'host');
      const hostId = host.all('welcome')[0]!.participantId;
      await publish(host);
      const candidate = await enter(interview, 'candidate');
      host.send({ type: 'admit', participantId: 'candidate' });
      await candidate.next('admitted');
      const [, atHost, atCandidate] = await Promise.all([
        publish(candidate),
        receiveFrom(host, 'candidate'),
        receiveFrom(candidate, hostId),
      ]);
      const [revoked, stays] = role === 'candidate' ? [candidate, host] : [host, candidate];
      const receiver = role === 'candidate' ? atHost : atCandidate;
      const flowing = { ...receiver.received };
      await sleep(200);
      expect(receiver.received.video).toBeGreaterThan(flowing.video); // it flows before the revoke

      const from = stays.messages.length;
      const answered = await call('POST', apiPaths.invite.revokeLiveLink(interview.roomId), {
        token: recruiter.token,
        body: { role },
      });
      expect(answered.status).toBe(200);
      const revokedAt = Date.now();
      expect(await revoked.closedWith()).toEqual({ code: signalCloseCodes.linkWithdrawn, reason: linkProblemTypes.revoked });
      expect(revoked.all('error').at(-1)).toMatchObject({ code: linkProblemTypes.revoked });
      // the one who stays is told the subscription went, and sees the other leave
      await stays.next('unsubscribed', { from });
      await stays.next('room', {
        from,
        where: (message) => !message.room.participants.some((p) => p.id === (role === 'candidate' ? 'candidate' : hostId)),
      });
      expect(stays.isOpen).toBe(true);
      await sleep(Math.max(0, revokedAt + 1_000 - Date.now()));
      const stopped = { ...receiver.received };
      await sleep(1_000);
      expect(receiver.received.audio - stopped.audio).toBeLessThanOrEqual(2);
      expect(receiver.received.video - stopped.video).toBeLessThanOrEqual(2);
      return { interview, stays };
    }

    it('revoking the candidate link removes the candidate at once: socket closed (4011), media stops at the host', async () => {
      await revokeWithMediaFlowing('candidate');
    });

    it('revoking the host link removes the host at once: socket closed (4011), media stops at the candidate', async () => {
      await revokeWithMediaFlowing('host');
    });

    it('end: everyone gets `ended` and close 4010; joining afterwards is 410 interview-ended', async () => {
      const interview = await schedule();
      const host = await enter(interview, 'host');
      const candidate = await enter(interview, 'candidate');
      host.send({ type: 'admit', participantId: 'candidate' });
      await candidate.next('admitted');
      host.send({ type: 'end' });
      for (const client of [host, candidate]) {
        await client.next('ended');
        expect((await client.closedWith()).code).toBe(signalCloseCodes.ended);
      }
      for (const role of ['candidate', 'host'] as const) {
        const after = await join(await interview.liveToken(role), role === 'host' ? { displayName: 'Bo' } : {});
        expect(after.status).toBe(410);
        expect(after.body.type).toContain(liveProblemTypes.ended);
        const page = await entry(await interview.liveToken(role));
        expect(page.status).toBe(410);
        expect(page.body.type).toContain(liveProblemTypes.ended);
      }
    });

    it('cancelling the interview disconnects everyone, and its live tokens cannot join', async () => {
      const interview = await schedule();
      const host = await enter(interview, 'host');
      const candidate = await enter(interview, 'candidate');
      const liveToken = await interview.liveToken('candidate');
      await roomEventAfter(interview.roomId, roomEventNames.RoomCancelled, async () => {
        const cancelled = await call('POST', apiPaths.invite.cancelLive(interview.roomId), { token: recruiter.token });
        expect(cancelled.status).toBe(200);
      });
      for (const client of [host, candidate]) {
        expect(await client.closedWith()).toEqual({
          code: signalCloseCodes.linkWithdrawn,
          reason: liveProblemTypes.cancelled,
        });
      }
      const after = await join(liveToken);
      expect(after.status).toBe(410);
      expect(after.body.type).toContain(liveProblemTypes.cancelled);
    });

    it('shows the recruiter the room, scoped to the organisation', async () => {
      const interview = await schedule({ recordable: true });
      const host = await enter(interview, 'host');
      host.send({ type: 'record', on: true });
      await host.next('room', { where: (message) => message.room.recording });
      const room = await eventually(
        () => call('GET', apiPaths.media.room(interview.roomId), { token: recruiter.token }),
        (response) => response.status === 200 && response.body.room.recording === true,
      );
      expect(room.body.room).toMatchObject({
        id: interview.roomId,
        templateId: interview.templateId,
        status: 'scheduled',
      });
      const list = await call('GET', `${apiPaths.media.rooms}?templateId=${interview.templateId}`, {
        token: recruiter.token,
      });
      expect(list.body.rooms.map((entry: { id: string }) => entry.id)).toEqual([interview.roomId]);

      const other = await call('POST', apiPaths.identity.signUp, {
        body: {
          organisationName: 'Other',
          name: 'Eve',
          email: `eve-${randomUUID()}@other.test`,
          password: 'a long enough password',
        },
      });
      expect((await call('GET', apiPaths.media.room(interview.roomId), { token: other.body.token })).status).toBe(404);
      expect((await call('GET', apiPaths.media.room(interview.roomId))).status).toBe(401);
    });
  });
});
