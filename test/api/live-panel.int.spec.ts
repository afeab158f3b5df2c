// A full panel in one live room: 1 candidate + 4 interviewers, audio and video both ways, through the
// product's own path end to end: an interview scheduled through the invite API, its two links opened
// for live tokens, room tokens from the media service's join, the signalling WebSocket (the `ws`
// client), and media on the werift engine between synthetic werift peers that count the RTP packets
// they receive per kind. What it shows: a fifth interviewer is refused (at join, and at connect with a
// token minted while there was still room); the waiting candidate gets no media and sends none; once
// admitted, every participant publishes and receives exactly one subscription from each of the four
// others, each carrying audio and video that keep arriving; an interviewer who leaves is unsubscribed
// from everyone else while the rest keeps flowing; a host's mute stops the candidate's audio at every
// host and nothing else; end closes every socket with 4010.
//
// The tests run in order and share the room: each step starts from the state the previous one left.
// Liveness bounds are generous (tens of seconds): 25 werift connections come up at once on a shared
// 2-core machine, and this suite checks that media flows, not how fast (the bench measures speed).
import { setTimeout as sleep } from 'node:timers/promises';
import {
  apiPaths,
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
  createSyntheticPublisher,
  createSyntheticSubscriber,
  type PerKind,
  type SyntheticPublisher,
  type SyntheticSubscriber,
} from '@candor/media/test/synthetic-peer';
import { startTestCandor } from '../support/embedded';
import { SignalClient, type SignalMessage } from '../support/signal-client';
import { useExclusive } from '../support/exclusive';

jest.setTimeout(180_000);
// CPU-bound in real time (peer connections, Chromium): one such suite at a time
useExclusive();

type Message<T extends ServerMessage['type']> = SignalMessage<T>;

/** What one participant receives from one other: the server's offer, answered by a synthetic peer. */
interface Received {
  subscriptionId: string;
  publisherId: string;
  subscriber: SyntheticSubscriber;
}

/**
 * One person in the room as a browser would be: a signalling socket that answers every `subscribe`
 * offer as it arrives (a browser does not wait to be told to) and, once in the room, a publisher.
 */
interface Panelist {
  name: string;
  role: LiveRole;
  participantId: string;
  client: SignalClient;
  publisher?: SyntheticPublisher;
  /** by publisher id; a second offer for the same publisher would be a failure, not a replacement */
  received: Map<string, Received>;
}

// Lighter video than the default (15 fps, one packet per delta frame): twenty subscriptions of five
// publishers share one process with the engine, and the point here is the topology, not bandwidth.
const mediaShape = { videoFramesPerSecond: 15, videoPacketsPerFrame: 1, keyframePackets: 3 };
const hostNames = ['Ada', 'Bo', 'Cy', 'Di'];
const connectBoundMs = 90_000;
/** long enough for dozens of audio packets (50/s) and video packets (15/s) per subscription */
const windowMs = 1_500;

describe('a live panel: 1 candidate + 4 interviewers', () => {
  let candor: EmbeddedCandor;
  let recruiter: SignUpResponse;
  let links: LiveLinksResponse;
  let roomId: string;
  const clients: SignalClient[] = [];
  const peers: (SyntheticPublisher | SyntheticSubscriber)[] = [];
  /** anything that went wrong while answering an offer in the background */
  const answerFailures: unknown[] = [];
  const hosts: Panelist[] = [];
  let candidate: Panelist;

  async function call(method: string, path: string, options: { token?: string; body?: unknown } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(candor.url + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async function eventually<T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
      await sleep(50);
    }
  }

  /** Opens a link the way the frontend's server does, then joins the room with the live token. */
  async function join(role: LiveRole, displayName?: string) {
    const token = links[role]!.path.slice(liveLinkPrefixes[role].length);
    const opened = await call('POST', apiPaths.invite.openLiveLink, { body: { token, role } });
    expect(opened.status).toBe(200);
    return call('POST', apiPaths.media.join, {
      token: opened.body.liveToken as string,
      body: role === 'host' ? { displayName } : {},
    });
  }

  async function roomToken(role: LiveRole, displayName?: string): Promise<JoinRoomResponse> {
    const joined = await join(role, displayName);
    expect(joined.status).toBe(200);
    return joined.body as JoinRoomResponse;
  }

  /** Connects with a room token; every `subscribe` offer from then on is answered. */
  async function connect(role: LiveRole, name: string, joined: JoinRoomResponse): Promise<Panelist> {
    const received = new Map<string, Received>();
    let client: SignalClient | undefined;
    const answer = async (offer: Message<'subscribe'>) => {
      expect(received.has(offer.publisherId)).toBe(false);
      const subscriber = await createSyntheticSubscriber(offer.sdp);
      peers.push(subscriber);
      received.set(offer.publisherId, {
        subscriptionId: offer.subscriptionId,
        publisherId: offer.publisherId,
        subscriber,
      });
      client!.send({ type: 'answer', subscriptionId: offer.subscriptionId, sdp: subscriber.answerSdp });
    };
    client = await SignalClient.open(candor.url, {
      timeoutMs: 15_000,
      onMessage: (message) => {
        if (message.type === 'subscribe') answer(message).catch((error: unknown) => answerFailures.push(error));
      },
    });
    clients.push(client);
    client.send({ type: 'hello', token: joined.roomToken });
    const welcome = await client.next('welcome');
    expect(welcome.participantId).toBe(joined.participantId);
    expect(welcome.state).toBe(role === 'host' ? 'in-room' : 'waiting');
    return { name, role, participantId: welcome.participantId, client, received };
  }

  /** Publishes synthetic audio + video: the offer over the socket, the engine's answer back. */
  async function publish(panelist: Panelist): Promise<void> {
    const publisher = await createSyntheticPublisher(mediaShape);
    peers.push(publisher);
    panelist.publisher = publisher;
    const from = panelist.client.messages.length;
    panelist.client.send({ type: 'publish', sdp: publisher.offerSdp });
    const published = await panelist.client.next('published', { from });
    await publisher.accept(published.sdp);
    await publisher.connected();
  }

  const everyone = () => [...hosts, candidate];
  const idsOf = (panelists: Panelist[]) => panelists.map((panelist) => panelist.participantId).sort();
  const othersOf = (panelist: Panelist, panelists: Panelist[]) => panelists.filter((other) => other !== panelist);
  const receivedFrom = (panelist: Panelist, publisher: Panelist) => panelist.received.get(publisher.participantId)!;

  /** Packet counts of every subscription between `panelists`, now and after a window: how much each grew. */
  async function growthOver(panelists: Panelist[]) {
    const pairs = panelists.flatMap((panelist) =>
      othersOf(panelist, panelists).map((publisher) => ({ panelist, publisher, ...receivedFrom(panelist, publisher) })),
    );
    const before = pairs.map(({ subscriber }) => ({ ...subscriber.received }));
    await sleep(windowMs);
    return pairs.map(({ panelist, publisher, subscriber }, index) => ({
      at: panelist.name,
      from: publisher.name,
      grew: {
        audio: subscriber.received.audio - before[index]!.audio,
        video: subscriber.received.video - before[index]!.video,
      } satisfies PerKind<number>,
    }));
  }

  beforeAll(async () => {
    candor = await startTestCandor({ embedded: { sfuEngine: 'werift' } });
    expect(candor.sfuEngine).toBe('werift');
    const signedUp = await call('POST', apiPaths.identity.signUp, {
      body: { organisationName: 'Panel Ltd', name: 'Ada', email: 'ada@panel.test', password: 'a long enough password' },
    });
    expect(signedUp.status).toBe(201);
    recruiter = signedUp.body as SignUpResponse;
    const template = await call('POST', apiPaths.invite.liveTemplates, {
      token: recruiter.token,
      body: { name: 'Panel interview', durationMinutes: 60, recordable: false },
    });
    expect(template.status).toBe(201);
    const scheduled = await call('POST', apiPaths.invite.liveInterviews, {
      token: recruiter.token,
      body: {
        templateId: template.body.id,
        candidateName: 'Grace Hopper',
        candidateEmail: 'grace@example.test',
        // a few minutes ahead: the waiting room is already open to the candidate
        startsAt: new Date(Date.now() + 3 * 60_000).toISOString().slice(0, 16),
        timeZone: 'UTC',
      },
    });
    expect(scheduled.status).toBe(201);
    roomId = scheduled.body.id as string;
    links = scheduled.body.links as LiveLinksResponse;
    // the media service prepares the room from the invite events, on the bus
    await eventually(
      () => candor.stores.media.readStream(`room-${roomId}`),
      (stream) => stream.some((event) => event.type === roomEventNames.RoomPrepared),
      10_000,
    );
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all(peers.map((peer) => peer.close()));
    await candor?.stop();
  });

  afterEach(() => {
    expect(answerFailures).toEqual([]);
  });

  it('holds four interviewers: a fifth is refused at join (409 room-full), and at connect (4013) with a token minted while there was room', async () => {
    for (const name of hostNames.slice(0, 3)) hosts.push(await connect('host', name, await roomToken('host', name)));
    // three interviewers in: the join still mints a token (the limit is on who is connected)
    const spare = await roomToken('host', 'Eve');
    hosts.push(await connect('host', hostNames[3]!, await roomToken('host', hostNames[3])));

    const full = await join('host', 'Eve');
    expect(full.status).toBe(409);
    expect(full.body.type).toContain(liveProblemTypes.roomFull);

    const late = await SignalClient.open(candor.url, { timeoutMs: 15_000 });
    clients.push(late);
    late.send({ type: 'hello', token: spare.roomToken });
    expect(await late.closedWith()).toEqual({ code: signalCloseCodes.roomFull, reason: liveProblemTypes.roomFull });
    expect(late.all('welcome')).toEqual([]);

    // the four are all in, and none of them was disturbed by the refusals
    const view = await hosts[0]!.client.next('room', { where: (message) => message.room.participants.length === 4 });
    expect(view.room.participants.map((participant) => participant.name).sort()).toEqual(hostNames);
    for (const host of hosts) expect(host.client.closed).toBeUndefined();
    expect(new Set(hosts.map((host) => host.participantId)).size).toBe(4);
  });

  it('the candidate waits without media; any host admits; then each of the five receives audio and video from each of the four others', async () => {
    candidate = await connect('candidate', 'Grace Hopper', await roomToken('candidate'));
    for (const host of hosts) await host.client.next('room', { where: (message) => message.room.waiting.length === 1 });
    // the hosts publish while the candidate waits; nothing of it is offered to the candidate
    await Promise.all(hosts.map(publish));
    await sleep(500);
    expect(candidate.client.all('subscribe')).toEqual([]);
    for (const host of hosts) expect(host.received.has(candidate.participantId)).toBe(false);

    // the third interviewer admits (not the first who came)
    hosts[2]!.client.send({ type: 'admit', participantId: candidate.participantId });
    await candidate.client.next('admitted');
    await publish(candidate);

    // every one of the 20 subscriptions is offered, answered, connected and carries both kinds
    for (const panelist of everyone()) {
      await eventually(
        () => panelist.received.size,
        (size) => size === 4,
        connectBoundMs,
      );
      await Promise.all([...panelist.received.values()].map(({ subscriber }) => subscriber.connected()));
    }
    await eventually(
      () =>
        everyone().flatMap((panelist) => [...panelist.received.values()].map(({ subscriber }) => subscriber.received)),
      (counts) => counts.every((count) => count.audio > 0 && count.video > 0),
      connectBoundMs,
    );

    // exactly one subscription per other participant, none for oneself, each offered once
    for (const panelist of everyone()) {
      expect([...panelist.received.keys()].sort()).toEqual(idsOf(othersOf(panelist, everyone())));
      expect(panelist.client.all('subscribe')).toHaveLength(4);
    }
    const view = await hosts[0]!.client.next('room', { where: (message) => message.room.participants.length === 5 });
    expect(view.room.waiting).toEqual([]);

    const growth = await growthOver(everyone());
    expect(growth).toHaveLength(20);
    for (const { at, from, grew } of growth) {
      expect({ at, from, audioGrew: grew.audio > 0, videoGrew: grew.video > 0 }).toEqual({
        at,
        from,
        audioGrew: true,
        videoGrew: true,
      });
    }
  });

  it('an interviewer who leaves is unsubscribed from everyone; the remaining three per person keep flowing', async () => {
    const leaving = hosts.pop()!;
    const staying = everyone();
    const from = new Map(staying.map((panelist) => [panelist, panelist.client.messages.length]));
    leaving.client.close();
    await leaving.client.closedWith();

    for (const panelist of staying) {
      const gone = receivedFrom(panelist, leaving);
      await panelist.client.next('unsubscribed', {
        from: from.get(panelist),
        where: (message) => message.subscriptionId === gone.subscriptionId,
      });
      panelist.received.delete(leaving.participantId);
      await gone.subscriber.close(); // as a browser drops the connection the server took away
    }
    await hosts[0]!.client.next('room', { where: (message) => message.room.participants.length === 4 });
    await sleep(300);
    for (const panelist of staying) {
      // only the leaver's subscription went; nothing new was offered
      expect(panelist.client.all('unsubscribed')).toHaveLength(1);
      expect(panelist.client.all('subscribe')).toHaveLength(4);
      expect([...panelist.received.keys()].sort()).toEqual(idsOf(othersOf(panelist, staying)));
    }

    const growth = await growthOver(staying);
    expect(growth).toHaveLength(12);
    for (const { at, from, grew } of growth) {
      expect({ at, from, audioGrew: grew.audio > 0, videoGrew: grew.video > 0 }).toEqual({
        at,
        from,
        audioGrew: true,
        videoGrew: true,
      });
    }
  });

  it('a host mutes the candidate: the candidate\u2019s audio stops at every host, its video and everyone else\u2019s media go on', async () => {
    hosts[0]!.client.send({ type: 'mute', participantId: candidate.participantId });
    expect(await candidate.client.next('muted')).toEqual({ type: 'muted', byName: 'Ada' });
    for (const host of hosts) {
      await host.client.next('room', {
        where: (message) =>
          message.room.participants.some(
            (participant) => participant.id === candidate.participantId && participant.audioMuted,
          ),
      });
    }
    await sleep(500); // packets already on the wire when the mute took effect

    const growth = await growthOver(everyone());
    expect(growth).toHaveLength(12);
    for (const { at, from, grew } of growth) {
      const fromCandidate = from === candidate.name;
      // a stray packet or two may have been in a socket buffer; a working mute leaves no stream
      expect({ at, from, audioFlows: grew.audio > 2, videoGrew: grew.video > 0 }).toEqual({
        at,
        from,
        audioFlows: !fromCandidate,
        videoGrew: true,
      });
    }
  });

  it('end: every participant gets `ended` and the socket closes with 4010', async () => {
    hosts[1]!.client.send({ type: 'end' });
    for (const panelist of everyone()) {
      await panelist.client.next('ended');
      expect((await panelist.client.closedWith()).code).toBe(signalCloseCodes.ended);
    }
  });
});
