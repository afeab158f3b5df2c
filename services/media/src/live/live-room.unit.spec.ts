// The live room runtime against a recording fake SFU and an in-memory event store: who sees what,
// who may do what, and what reaches the engine. The same behaviours over a real socket and the real
// werift engine are in test/api/live-room-protocol.int.spec.ts.
import {
  grantsFor,
  roomEventNames,
  signalCloseCodes,
  type RoomTokenClaims,
  type ServerMessage,
} from '@candor/contracts';
import { createLogger, handleCommand } from '@candor/runtime';
import { roomDecider, roomStream, type RoomCommand } from '../room';
import { createMemoryEventStore, type MemoryEventStore } from '../../test/memory-event-store';
import type { SfuEngine, SfuRoom } from '../sfu/types';
import { createLiveRooms, type LiveConnection, type LiveRooms } from './live-rooms';
import { iceServersFor } from '../turn/turn-credentials';
import type { ParticipantChannel } from './participant';

const roomId = 'room-1';

class FakeSfuRoom implements SfuRoom {
  readonly calls: string[] = [];
  readonly muted = new Set<string>();
  closed = false;
  #next = 0;
  constructor(readonly id: string) {}
  async publish(participantId: string) {
    this.calls.push(`publish ${participantId}`);
    return { answerSdp: `answer-for-${participantId}` };
  }
  async subscribe(subscriberId: string, publisherId: string) {
    this.calls.push(`subscribe ${subscriberId}<-${publisherId}`);
    return { subscriptionId: `sub-${++this.#next}`, offerSdp: `offer ${subscriberId}<-${publisherId}` };
  }
  async answer(subscriptionId: string) {
    this.calls.push(`answer ${subscriptionId}`);
  }
  /** the simulcast layer asked for, per subscription */
  readonly layers = new Map<string, number>();
  async setPreferredVideoLayer(subscriptionId: string, spatialLayer: number) {
    this.layers.set(subscriptionId, spatialLayer);
  }
  setAudioMuted(participantId: string, muted: boolean) {
    if (muted) this.muted.add(participantId);
    else this.muted.delete(participantId);
  }
  isAudioMuted(participantId: string) {
    return this.muted.has(participantId);
  }
  async unsubscribe() {}
  readonly feeds = new Map<string, string>();
  async startRecorderFeed(participantId: string, target: { ip: string; videoPort: number; audioPort: number }) {
    const feedId = `feed-${++this.#next}`;
    this.calls.push(`feed ${participantId} → ${target.ip}:${target.videoPort}/${target.audioPort}`);
    this.feeds.set(feedId, participantId);
    return { feedId };
  }
  async stopRecorderFeed(feedId: string) {
    if (this.feeds.delete(feedId)) this.calls.push(`stop ${feedId}`);
  }
  recorderFeeds() {
    return [...this.feeds].map(([feedId, participantId]) => ({ feedId, participantId }));
  }
  publishers() {
    return this.calls.filter((c) => c.startsWith('publish ')).map((c) => c.slice('publish '.length));
  }
  async removeParticipant(participantId: string) {
    this.calls.push(`remove ${participantId}`);
    for (const [feedId, owner] of this.feeds) if (owner === participantId) this.feeds.delete(feedId);
  }
  stats() {
    return { publishers: 0, subscriptions: 0, forwardedTracks: 0, packetsForwarded: 0, packetsReceived: 0 };
  }
  async close() {
    this.closed = true;
  }
}

class FakeEngine implements SfuEngine {
  readonly name = 'werift' as const;
  readonly forwardsSimulcast = false;
  readonly rooms: FakeSfuRoom[] = [];
  async createRoom(id: string) {
    const room = new FakeSfuRoom(id);
    this.rooms.push(room);
    return room;
  }
  async close() {}
  get current() {
    return this.rooms.at(-1);
  }
}

class RecordingChannel implements ParticipantChannel {
  readonly messages: ServerMessage[] = [];
  closedWith: { code: number; reason: string } | undefined;
  send(message: ServerMessage) {
    if (!this.closedWith) this.messages.push(message);
  }
  close(code: number, reason: string) {
    this.closedWith ??= { code, reason };
  }
  last<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }> | undefined {
    return this.messages.filter((message) => message.type === type).at(-1) as
      Extract<ServerMessage, { type: T }> | undefined;
  }
  all<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.filter((message) => message.type === type) as Extract<ServerMessage, { type: T }>[];
  }
}

const prepare: RoomCommand = {
  type: 'PrepareRoom',
  roomId,
  organisationId: 'org-a',
  at: '2026-11-21T10:00:00.000Z',
  templateId: 'tpl-1',
  templateName: 'Panel',
  candidateName: 'Grace Hopper',
  startsAt: '2026-11-22T09:00:00.000Z',
  durationMinutes: 45,
  recordable: true,
  candidateLinkId: 'cand-1',
  hostLinkId: 'host-1',
};
const claims = (sub: string, role: 'candidate' | 'host', extra: Partial<RoomTokenClaims> = {}): RoomTokenClaims => ({
  sub,
  room: roomId,
  org: 'org-a',
  role,
  lid: role === 'candidate' ? 'cand-1' : 'host-1',
  name: role === 'candidate' ? 'Grace Hopper' : `Host ${sub}`,
  grants: grantsFor[role],
  jti: `jti-${sub}-${Math.random()}`,
  ...extra,
});

describe('live room runtime', () => {
  let store: MemoryEventStore;
  let engine: FakeEngine;
  let rooms: LiveRooms;
  let clock: number;
  const warnings: object[] = [];

  beforeEach(async () => {
    store = createMemoryEventStore();
    engine = new FakeEngine();
    clock = Date.parse('2026-11-22T08:50:00.000Z');
    const logger = createLogger('test', 'warn');
    const spy = Object.assign(Object.create(logger), { warn: (fields: object) => warnings.push(fields) });
    spy.child = () => spy;
    warnings.length = 0;
    rooms = createLiveRooms({ store, engine, logger: spy, now: () => new Date(clock), waitingGraceMs: 60_000 });
    await handleCommand(store, roomStream(roomId), roomDecider, prepare, { occurredAt: prepare.at });
  });

  async function connect(claim: RoomTokenClaims, resume?: string) {
    const channel = new RecordingChannel();
    const connection = await rooms.enter(claim, channel, resume);
    return { channel, connection: connection as LiveConnection };
  }
  const roomEvents = () =>
    store.events.filter((event) => event.streamId === roomStream(roomId)).map((event) => event.type);

  it('keeps a candidate waiting: no media, nobody seen, host commands refused and logged, nothing written', async () => {
    const host = await connect(claims('host-a', 'host'));
    const candidate = await connect(claims('candidate', 'candidate'));
    expect(candidate.channel.last('welcome')).toMatchObject({
      state: 'waiting',
      room: { participants: [], waiting: [], recording: false },
    });
    expect(host.channel.last('room')!.room.waiting).toEqual([
      { id: 'candidate', name: 'Grace Hopper', since: new Date(clock).toISOString() },
    ]);

    const before = roomEvents();
    for (const message of [
      { type: 'admit', participantId: 'candidate' },
      { type: 'decline', participantId: 'candidate' },
      { type: 'mute', participantId: 'host-a' },
      { type: 'record', on: true },
      { type: 'end' },
    ] as const) {
      await candidate.connection.receive(message);
      expect(candidate.channel.last('error')).toEqual({
        type: 'error',
        code: 'forbidden',
        message: expect.any(String),
        refused: message.type,
      });
    }
    expect(roomEvents()).toEqual(before);
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toMatchObject({ roomId, participantId: 'candidate', command: 'admit' });
    expect(JSON.stringify(warnings)).not.toContain('jti');

    await candidate.connection.receive({ type: 'publish', sdp: 'v=0' });
    expect(candidate.channel.last('error')).toMatchObject({ code: 'not-admitted', refused: 'publish' });
    await candidate.connection.receive({ type: 'answer', subscriptionId: 'sub-1', sdp: 'v=0' });
    expect(candidate.channel.last('error')).toMatchObject({ code: 'not-admitted', refused: 'answer' });
    expect(candidate.channel.all('subscribe')).toEqual([]);
    expect(engine.current?.calls.filter((call) => call.includes('candidate')) ?? []).toEqual([]);
    expect(candidate.channel.closedWith).toBeUndefined();
  });

  it('hands each participant TURN credentials of their own, minted fresh for every new connection', async () => {
    const relay = { urls: ['turn:127.0.0.1:3478?transport=udp'], secret: 's'.repeat(32), lifetimeSeconds: 60 };
    rooms = createLiveRooms({
      store,
      engine,
      iceServers: iceServersFor(relay, () => new Date(clock)),
      logger: createLogger('test', 'silent'),
      now: () => new Date(clock),
    });
    const expiry = () => Math.floor(clock / 1000) + 60;
    const host = await connect(claims('host-a', 'host'));
    expect(host.channel.last('welcome')!.iceServers).toEqual([
      { urls: relay.urls, username: `${expiry()}:${roomId}.host-a`, credential: expect.any(String) },
    ]);
    const candidate = await connect(claims('candidate', 'candidate'));
    clock += 90_000; // the welcome's credentials have expired by the time a host admits
    await host.connection.receive({ type: 'admit', participantId: 'candidate' });
    expect(candidate.channel.last('admitted')!.iceServers![0]!.username).toBe(`${expiry()}:${roomId}.candidate`);
    expect(candidate.channel.last('subscribe')!.iceServers![0]!.username).toBe(`${expiry()}:${roomId}.candidate`);
    expect(host.channel.last('subscribe')!.iceServers![0]!.username).toBe(`${expiry()}:${roomId}.host-a`);
  });

  it('admits on any host\u2019s word and then wires media both ways', async () => {
    const hostA = await connect(claims('host-a', 'host'));
    const hostB = await connect(claims('host-b', 'host'));
    expect(engine.rooms).toHaveLength(1);
    expect(engine.current!.calls.sort()).toEqual(['subscribe host-a<-host-b', 'subscribe host-b<-host-a']);
    const candidate = await connect(claims('candidate', 'candidate'));
    await hostA.connection.leave(); // the first host drops; the second admits
    await hostB.connection.receive({ type: 'admit', participantId: 'candidate' });
    expect(candidate.channel.last('admitted')).toEqual({ type: 'admitted', iceServers: [] });
    expect(roomEvents()).toContain(roomEventNames.CandidateAdmitted);
    expect(candidate.channel.all('subscribe').map((message) => message.publisherId)).toEqual(['host-b']);
    expect(hostB.channel.all('subscribe').map((message) => message.publisherId)).toContain('candidate');
    // simulcast layers (video-layers.ts): a host sees the other host low and the candidate at the top;
    // the candidate sees the host at the top
    const layerOf = (channel: typeof hostB.channel, publisherId: string) =>
      engine.current!.layers.get(channel.all('subscribe').find((m) => m.publisherId === publisherId)!.subscriptionId);
    expect(layerOf(hostB.channel, 'host-a')).toBe(0);
    expect(layerOf(hostB.channel, 'candidate')).toBe(1);
    expect(layerOf(candidate.channel, 'host-b')).toBe(1);
    expect(hostB.channel.last('room')!.room).toMatchObject({
      waiting: [],
      participants: [{ id: 'host-b' }, { id: 'candidate' }],
    });

    await candidate.connection.receive({ type: 'publish', sdp: 'v=0' });
    expect(candidate.channel.last('published')).toEqual({ type: 'published', sdp: 'answer-for-candidate' });
    // only the subscriber a subscription belongs to may answer it
    const own = candidate.channel.last('subscribe')!.subscriptionId;
    const other = hostB.channel.last('subscribe')!.subscriptionId;
    await candidate.connection.receive({ type: 'answer', subscriptionId: other, sdp: 'v=0' });
    expect(candidate.channel.last('error')).toMatchObject({ code: 'not-found', refused: 'answer' });
    await candidate.connection.receive({ type: 'answer', subscriptionId: own, sdp: 'v=0' });
    expect(engine.current!.calls).toContain(`answer ${own}`);
    expect(engine.current!.calls).not.toContain(`answer ${other}`);
  });

  it('asks for the layer that covers the tile each page reports (view), also for later subscriptions; a waiting candidate\u2019s view is refused', async () => {
    const hostA = await connect(claims('host-a', 'host'));
    const hostB = await connect(claims('host-b', 'host'));
    const candidate = await connect(claims('candidate', 'candidate'));
    await candidate.connection.receive({ type: 'view', publisherId: 'host-a', width: 640, height: 360 });
    expect(candidate.channel.last('error')).toMatchObject({ code: 'not-admitted', refused: 'view' });
    await hostA.connection.receive({ type: 'admit', participantId: 'candidate' });
    const layerOf = (channel: typeof hostB.channel, publisherId: string) =>
      engine.current!.layers.get(channel.all('subscribe').filter((m) => m.publisherId === publisherId).at(-1)!.subscriptionId);
    expect(layerOf(hostB.channel, 'candidate')).toBe(1); // by roles
    expect(layerOf(hostB.channel, 'host-a')).toBe(0);
    // host B shows the candidate in a thumbnail (device pixels within 320x180): the low layer
    await hostB.connection.receive({ type: 'view', publisherId: 'candidate', width: 320, height: 180 });
    expect(layerOf(hostB.channel, 'candidate')).toBe(0);
    // ... and host A's tile large: the top layer
    await hostB.connection.receive({ type: 'view', publisherId: 'host-a', width: 800, height: 450 });
    expect(layerOf(hostB.channel, 'host-a')).toBe(1);
    // the tile grows again
    await hostB.connection.receive({ type: 'view', publisherId: 'candidate', width: 321, height: 180 });
    expect(layerOf(hostB.channel, 'candidate')).toBe(1);
    // the candidate's page shows host A small; host A's own subscriptions are untouched
    await candidate.connection.receive({ type: 'view', publisherId: 'host-a', width: 100, height: 56 });
    expect(layerOf(candidate.channel, 'host-a')).toBe(0);
    expect(layerOf(hostA.channel, 'candidate')).toBe(1);
    // a view of nobody in the room is harmless; the view is kept for the next subscription between them
    await hostB.connection.receive({ type: 'view', publisherId: 'nobody', width: 10, height: 10 });
    expect(hostB.channel.last('error')).toBeUndefined();
    await hostB.connection.receive({ type: 'view', publisherId: 'candidate', width: 200, height: 100 });
    await candidate.connection.leave();
    const back = await connect(claims('candidate', 'candidate'));
    expect(back.channel.last('welcome')!.state).toBe('in-room');
    expect(layerOf(hostB.channel, 'candidate')).toBe(1); // the view went with the candidate: roles again
    await hostB.connection.receive({ type: 'view', publisherId: 'candidate', width: 200, height: 100 });
    expect(layerOf(hostB.channel, 'candidate')).toBe(0);
  });

  it('drops a candidate who closes the tab from the waiting list at once, and gives the place back on return', async () => {
    const host = await connect(claims('host-a', 'host'));
    const first = await connect(claims('candidate', 'candidate'));
    const since = host.channel.last('room')!.room.waiting[0]!.since;
    clock += 20_000;
    await first.connection.leave();
    expect(host.channel.last('room')!.room.waiting).toEqual([]);
    clock += 20_000;
    const again = await connect(claims('candidate', 'candidate'));
    expect(again.channel.last('welcome')!.state).toBe('waiting');
    expect(host.channel.last('room')!.room.waiting).toEqual([{ id: 'candidate', name: 'Grace Hopper', since }]);
  });

  it('refuses a second connection of a connected participant (4009) and keeps the first', async () => {
    await connect(claims('host-a', 'host'));
    const original = await connect(claims('candidate', 'candidate'));
    const copy = await connect(claims('candidate', 'candidate'));
    expect(copy.connection).toBeNull();
    expect(copy.channel.closedWith).toEqual({
      code: signalCloseCodes.alreadyConnected,
      reason: 'participant-already-connected',
    });
    expect(original.channel.closedWith).toBeUndefined();
    // the refused copy's close changes nothing for the original
    expect(rooms.room(roomId)!.connected).toContainEqual({ id: 'candidate', role: 'candidate', state: 'waiting' });
  });

  it('replaces the connection still held for someone back after a dropped network (resume): the candidate keeps their place, a host is back in', async () => {
    const host = await connect(claims('host-a', 'host'));
    const candidate = await connect(claims('candidate', 'candidate'));
    const since = host.channel.last('room')!.room.waiting[0]!.since;
    const secret = candidate.channel.last('welcome')!.resume!;
    expect(Buffer.from(secret, 'base64url')).toHaveLength(16);
    clock += 5_000;
    // a secret that is not this person's changes nothing: the newcomer is refused as before
    const guess = await connect(claims('candidate', 'candidate'), 'A'.repeat(22));
    expect(guess.channel.closedWith?.code).toBe(signalCloseCodes.alreadyConnected);
    // another role cannot use it either: a host token with the candidate's secret is a new host
    const other = await connect(claims('host-z', 'host'), secret);
    expect(other.connection).not.toBeNull();
    expect(candidate.channel.closedWith).toBeUndefined();

    const back = await connect(claims('candidate', 'candidate'), secret);
    expect(candidate.channel.closedWith).toEqual({ code: signalCloseCodes.replaced, reason: 'replaced' });
    expect(back.connection).not.toBeNull();
    expect(back.channel.last('welcome')).toMatchObject({ state: 'waiting' });
    expect(back.channel.last('welcome')!.resume).not.toBe(secret);
    expect(host.channel.last('room')!.room.waiting).toEqual([{ id: 'candidate', name: 'Grace Hopper', since }]);
    // each secret works once: the one just used is spent with its connection
    const replay = await connect(claims('candidate', 'candidate'), secret);
    expect(replay.channel.closedWith?.code).toBe(signalCloseCodes.alreadyConnected);

    const hostBack = await connect(claims('host-a2', 'host'), host.channel.last('welcome')!.resume);
    expect(host.channel.closedWith).toEqual({ code: signalCloseCodes.replaced, reason: 'replaced' });
    expect(hostBack.channel.last('welcome')).toMatchObject({ state: 'in-room' });
    const connected = rooms.room(roomId)!.connected.map(({ id }) => id);
    expect(connected).toContain('host-a2');
    expect(connected).not.toContain('host-a');
  });

  it('never lets back through resume whom the room refuses: declined, or the interview ended', async () => {
    const host = await connect(claims('host-a', 'host'));
    const candidate = await connect(claims('candidate', 'candidate'));
    await host.connection.receive({ type: 'decline', participantId: 'candidate' });
    const declined = await connect(claims('candidate', 'candidate'), candidate.channel.last('welcome')!.resume);
    expect(declined.channel.closedWith?.code).toBe(signalCloseCodes.declined);
    await host.connection.receive({ type: 'end' });
    const ended = await connect(claims('host-a2', 'host'), host.channel.last('welcome')!.resume);
    expect(ended.channel.closedWith?.code).toBe(signalCloseCodes.ended);
  });

  it('lets at most four interviewers in', async () => {
    for (const id of ['h1', 'h2', 'h3', 'h4']) expect((await connect(claims(id, 'host'))).connection).not.toBeNull();
    const fifth = await connect(claims('h5', 'host'));
    expect(fifth.channel.closedWith).toEqual({ code: signalCloseCodes.roomFull, reason: 'room-full' });
  });

  it('takes a host\u2019s powers away on the next action once the host link is withdrawn', async () => {
    const host = await connect(claims('host-a', 'host'));
    await connect(claims('candidate', 'candidate'));
    await handleCommand(
      store,
      roomStream(roomId),
      roomDecider,
      {
        type: 'ChangeRoomLinks',
        roomId,
        organisationId: 'org-a',
        role: 'host',
        linkId: 'host-2',
        previousLinkId: 'host-1',
        at: prepare.at,
      },
      { occurredAt: prepare.at },
    );
    await host.connection.receive({ type: 'admit', participantId: 'candidate' });
    expect(host.channel.last('error')).toMatchObject({ code: 'link-revoked', refused: 'admit' });
    expect(host.channel.closedWith).toEqual({ code: signalCloseCodes.linkWithdrawn, reason: 'link-revoked' });
    expect(roomEvents()).not.toContain(roomEventNames.CandidateAdmitted);
  });

  const changeLinks = (role: 'candidate' | 'host', linkId: string | null, previousLinkId: string) =>
    handleCommand(
      store,
      roomStream(roomId),
      roomDecider,
      { type: 'ChangeRoomLinks', roomId, organisationId: 'org-a', role, linkId, previousLinkId, at: prepare.at },
      { occurredAt: prepare.at },
    );

  async function candidateInRoom() {
    const host = await connect(claims('host-a', 'host'));
    const candidate = await connect(claims('candidate', 'candidate'));
    await host.connection.receive({ type: 'admit', participantId: 'candidate' });
    await candidate.connection.receive({ type: 'publish', sdp: 'v=0' });
    expect(candidate.channel.last('published')).toBeDefined();
    return { host, candidate };
  }

  it('removes a participant in the room at once when their link is revoked: socket (4011) and media', async () => {
    const { host, candidate } = await candidateInRoom();
    const offered = host.channel.all('subscribe').find((message) => message.publisherId === 'candidate')!;
    await changeLinks('candidate', null, 'cand-1');
    await rooms.linksChanged(roomId);
    expect(candidate.channel.last('error')).toMatchObject({ code: 'link-revoked' });
    expect(candidate.channel.closedWith).toEqual({ code: signalCloseCodes.linkWithdrawn, reason: 'link-revoked' });
    expect(engine.current!.calls).toContain('remove candidate');
    expect(host.channel.last('unsubscribed')).toEqual({ type: 'unsubscribed', subscriptionId: offered.subscriptionId });
    expect(host.channel.last('room')!.room.participants.map((p) => p.id)).toEqual(['host-a']);
    expect(host.channel.closedWith).toBeUndefined();
    // the host link is untouched: the host goes on
    await host.connection.receive({ type: 'record', on: true });
    expect(host.channel.last('room')!.room.recording).toBe(true);
  });

  it('removes hosts connected through a re-issued host link, and leaves the candidate', async () => {
    const { host, candidate } = await candidateInRoom();
    await changeLinks('host', 'host-2', 'host-1');
    await rooms.linksChanged(roomId);
    expect(host.channel.closedWith).toEqual({ code: signalCloseCodes.linkWithdrawn, reason: 'link-revoked' });
    expect(engine.current!.calls).toContain('remove host-a');
    expect(candidate.channel.closedWith).toBeUndefined();
    expect(candidate.channel.last('room')!.room.participants.map((p) => p.id)).toEqual(['candidate']);
  });

  it('re-checks the write model on every media message, even when nobody said the links changed', async () => {
    const { candidate } = await candidateInRoom();
    const calls = engine.current!.calls.length;
    await changeLinks('candidate', 'cand-2', 'cand-1'); // as on a replica that did not run the policy
    await candidate.connection.receive({ type: 'publish', sdp: 'v=0' });
    expect(candidate.channel.last('error')).toMatchObject({ code: 'link-revoked', refused: 'publish' });
    expect(candidate.channel.closedWith).toEqual({ code: signalCloseCodes.linkWithdrawn, reason: 'link-revoked' });
    expect(engine.current!.calls.slice(calls)).toEqual(['remove candidate']);
  });

  it('offers no subscription to or from a participant whose link was withdrawn meanwhile', async () => {
    const host = await connect(claims('host-a', 'host'));
    await changeLinks('host', 'host-2', 'host-1');
    const other = await connect(claims('host-b', 'host', { lid: 'host-2' }));
    expect(host.channel.closedWith?.code).toBe(signalCloseCodes.linkWithdrawn);
    expect(other.channel.all('subscribe')).toEqual([]);
    expect(engine.current!.calls.filter((call) => call.startsWith('subscribe'))).toEqual([]);
  });

  it('declines for good: the candidate is told, disconnected (4003) and refused on return', async () => {
    const host = await connect(claims('host-a', 'host'));
    const candidate = await connect(claims('candidate', 'candidate'));
    await host.connection.receive({ type: 'decline', participantId: 'candidate' });
    expect(candidate.channel.last('declined')).toEqual({ type: 'declined' });
    expect(candidate.channel.closedWith).toEqual({ code: signalCloseCodes.declined, reason: 'participant-declined' });
    expect(host.channel.last('room')!.room.waiting).toEqual([]);
    const again = await connect(claims('candidate', 'candidate'));
    expect(again.channel.closedWith?.code).toBe(signalCloseCodes.declined);
  });

  it('mutes on the server and lets only the participant unmute themself', async () => {
    const host = await connect(claims('host-a', 'host'));
    const other = await connect(claims('host-b', 'host'));
    await host.connection.receive({ type: 'mute', participantId: 'host-b' });
    expect(engine.current!.isAudioMuted('host-b')).toBe(true);
    expect(other.channel.last('muted')).toEqual({ type: 'muted', byName: 'Host host-a' });
    expect(host.channel.last('room')!.room.participants).toContainEqual({
      id: 'host-b',
      name: 'Host host-b',
      role: 'host',
      audioMuted: true,
    });
    expect(roomEvents()).toContain(roomEventNames.ParticipantMuted);
    await host.connection.receive({ type: 'mute', participantId: 'nobody' });
    expect(host.channel.last('error')).toMatchObject({ code: 'not-found', refused: 'mute' });
    await other.connection.receive({ type: 'unmute' });
    expect(engine.current!.isAudioMuted('host-b')).toBe(false);
  });

  it('shows recording to everyone and refuses to start it twice', async () => {
    const host = await connect(claims('host-a', 'host'));
    const candidate = await connect(claims('candidate', 'candidate'));
    await host.connection.receive({ type: 'record', on: true });
    expect(candidate.channel.last('room')!.room.recording).toBe(true);
    await host.connection.receive({ type: 'record', on: true });
    expect(host.channel.last('error')).toMatchObject({ code: 'conflict', refused: 'record' });
  });

  it('feeds a recorder only while recording is on, only with participants in the room; recording off stops the feeds', async () => {
    const host = await connect(claims('host-a', 'host'));
    await connect(claims('host-b', 'host'));
    await connect(claims('candidate', 'candidate')); // waiting
    await host.connection.receive({ type: 'publish', sdp: 'v=0' });
    expect(rooms.publishers(roomId)).toEqual([{ participantId: 'host-a', name: 'Host host-a', role: 'host' }]);
    const target = { ip: '127.0.0.1', videoPort: 5000, audioPort: 5002 };

    await expect(rooms.startRecorderFeed(roomId, 'host-a', target)).rejects.toMatchObject({
      status: 409,
      type: 'recording-off',
    });
    expect(engine.current!.feeds.size).toBe(0);

    await host.connection.receive({ type: 'record', on: true });
    const { feedId } = await rooms.startRecorderFeed(roomId, 'host-a', target);
    await rooms.startRecorderFeed(roomId, 'host-b', target);
    expect(engine.current!.calls).toContain('feed host-a → 127.0.0.1:5000/5002');
    for (const who of ['candidate', 'nobody'])
      await expect(rooms.startRecorderFeed(roomId, who, target)).rejects.toMatchObject({ status: 404 });
    await expect(rooms.startRecorderFeed('other-room', 'host-a', target)).rejects.toMatchObject({ status: 404 });

    await rooms.stopRecorderFeed(roomId, feedId);
    await rooms.stopRecorderFeed(roomId, feedId); // idempotent
    expect([...engine.current!.feeds.values()]).toEqual(['host-b']);
    await host.connection.receive({ type: 'record', on: false });
    expect(engine.current!.feeds.size).toBe(0);
    await expect(rooms.startRecorderFeed(roomId, 'host-a', target)).rejects.toMatchObject({ status: 409 });
  });

  it('ends the interview for everyone (4010), closes the SFU room and lets nobody back', async () => {
    const host = await connect(claims('host-a', 'host'));
    const candidate = await connect(claims('candidate', 'candidate'));
    await host.connection.receive({ type: 'end' });
    for (const { channel } of [host, candidate]) {
      expect(channel.last('ended')).toEqual({ type: 'ended' });
      expect(channel.closedWith).toEqual({ code: signalCloseCodes.ended, reason: 'interview-ended' });
    }
    expect(engine.rooms.every((room) => room.closed)).toBe(true);
    expect(rooms.room(roomId)).toBeUndefined();
    const later = await connect(claims('host-c', 'host'));
    expect(later.channel.closedWith?.code).toBe(signalCloseCodes.ended);
  });

  it('disconnects everyone when the interview is cancelled', async () => {
    const host = await connect(claims('host-a', 'host'));
    await rooms.cancel(roomId);
    expect(host.channel.closedWith).toEqual({ code: signalCloseCodes.linkWithdrawn, reason: 'interview-cancelled' });
  });

  it('tells everyone the candidate declined when that is why the room closes', async () => {
    const host = await connect(claims('host-a', 'host'));
    await rooms.cancel(roomId, 'candidate-declined');
    expect(host.channel.closedWith).toEqual({
      code: signalCloseCodes.linkWithdrawn,
      reason: 'interview-declined-by-candidate',
    });
  });

  it('closes the SFU room when the last participant leaves, and opens a new one for the next', async () => {
    const host = await connect(claims('host-a', 'host'));
    await host.connection.leave();
    expect(engine.rooms[0]!.closed).toBe(true);
    expect(rooms.room(roomId)).toBeUndefined();
    await connect(claims('host-b', 'host'));
    expect(engine.rooms).toHaveLength(2);
  });
});
