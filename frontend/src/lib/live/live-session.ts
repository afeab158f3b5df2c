// One participant's visit to a live room, from the first room token to leaving: asks this page's
// room-token endpoint for a token (which opens the link again on the server, so a revoked link or
// an ended interview stops here), opens the signalling socket, feeds the room state machine and
// carries out its effects with real peer connections. Every reconnection starts again from a new
// room token. The UI reads `view` and calls the actions; the server checks every action again.
import type { ClientMessage, IceServer, JoinRoomRequest, JoinRoomResponse } from '@candor/contracts';
import { outcomeOfProblem } from './outcomes.ts';
import { Publisher, Subscriptions, browserPeers, type LocalTracks, type PeerFactory, type RemoteMedia } from './peers.ts';
import * as room from './room-state.ts';
import { SignalSocket, signalUrl, type SocketLike } from './signal-socket.ts';

export interface LiveView {
  state: room.LiveState;
  remote: RemoteMedia[];
}

export interface LiveSessionOptions {
  /** this page's room-token endpoint (POST, JSON) */
  tokenUrl: string;
  join: JoinRoomRequest;
  /** the tracks from the equipment test; stopped when the visit ends */
  tracks: LocalTracks;
  changed(view: LiveView): void;
}

/** What the session touches outside itself: the browser's by default, fakes in tests. */
export interface LiveSessionDeps {
  fetch: typeof fetch;
  createSocket: (url: string) => SocketLike;
  createPeer: PeerFactory;
  createStream?: () => MediaStream;
  location: { protocol: string; host: string };
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  /** calls back when the device's network comes back (the browser's `online` event) */
  onNetworkBack?: (callback: () => void) => void;
}

export function browserDeps(): LiveSessionDeps {
  return {
    fetch: (...args) => fetch(...args),
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    createPeer: browserPeers,
    location: window.location,
    setTimeout: (callback, ms) => window.setTimeout(callback, ms),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
    onNetworkBack: (callback) => window.addEventListener('online', callback),
  };
}

export class LiveSession {
  #state = room.initialState();
  readonly #options: LiveSessionOptions;
  readonly #deps: LiveSessionDeps;
  readonly #subscriptions: Subscriptions;
  #socket: SignalSocket | null = null;
  #publisher: Publisher | null = null;
  #retry: unknown = null;
  /** the TURN relays (short-lived credentials) the server sent last: every new connection uses them */
  #iceServers: IceServer[] = [];
  /** the last welcome's secret: lets the next connection replace this one if the server still holds it */
  #resume: string | undefined;
  /** how large each publisher's tile is shown, as last told to the server (sent again with each new subscription) */
  readonly #views = new Map<string, { width: number; height: number }>();

  constructor(options: LiveSessionOptions, deps: LiveSessionDeps = browserDeps()) {
    this.#options = options;
    this.#deps = deps;
    this.#subscriptions = new Subscriptions(
      () => this.#emit(),
      deps.createPeer,
      deps.createStream,
      () => this.#peerConfig(),
      () => this.#connectionLost(),
    );
    deps.onNetworkBack?.(() => this.#connectionLost());
  }

  /**
   * The network came back, or a media connection that was up failed (ICE gave up): whatever the
   * socket says, start again from a fresh room token and fresh connections now. The server lets
   * the same person back in the same role (an admitted candidate needs no admitting again, a
   * waiting one keeps their place) and refuses whoever may no longer enter.
   */
  #connectionLost(): void {
    if (this.#state.phase === 'over' || this.#state.phase === 'left' || this.#state.phase === 'joining') return;
    if (this.#retry !== null) {
      this.#deps.clearTimeout(this.#retry);
      void this.#connect();
      return;
    }
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = null;
    socket.close();
    this.#apply(room.socketClosed(this.#state, 1006, 'network'));
  }

  #peerConfig(): RTCConfiguration {
    return { iceServers: this.#iceServers };
  }

  get view(): LiveView {
    return { state: this.#state, remote: this.#subscriptions.media() };
  }

  start(): void {
    void this.#connect();
  }

  admit(participantId: string): void {
    this.#send({ type: 'admit', participantId });
  }

  decline(participantId: string): void {
    this.#send({ type: 'decline', participantId });
  }

  mute(participantId: string): void {
    this.#send({ type: 'mute', participantId });
  }

  record(on: boolean): void {
    this.#send({ type: 'record', on });
  }

  end(): void {
    this.#send({ type: 'end' });
  }

  /**
   * This page shows `publisherId`'s video at this size (device pixels) now: the server asks the SFU
   * for the simulcast layer that covers it. Only changes go out; each new subscription to that
   * publisher (a reconnection, the publisher back) is told again once answered.
   */
  tileSize(publisherId: string, size: { width: number; height: number }): void {
    const width = Math.max(0, Math.round(size.width));
    const height = Math.max(0, Math.round(size.height));
    const last = this.#views.get(publisherId);
    if (last && last.width === width && last.height === height) return;
    if (this.#send({ type: 'view', publisherId, width, height })) this.#views.set(publisherId, { width, height });
  }

  /** After a host muted us: our audio flows again (the server decides; its snapshot confirms). */
  unmute(): void {
    if (!this.#send({ type: 'unmute' })) return;
    if (this.#options.tracks.audio) this.#options.tracks.audio.enabled = true;
    this.#set(room.unmuted(this.#state));
  }

  dismissNotice(): void {
    this.#set(room.dismissNotice(this.#state));
  }

  /** Leaving (the Leave button, closing the tab): the server hears of it at once. */
  leave(): void {
    this.#apply(room.leave(this.#state));
  }

  #send(message: Exclude<ClientMessage, { type: 'hello' }>): boolean {
    return this.#socket?.send(message) ?? false;
  }

  async #connect(): Promise<void> {
    this.#retry = null;
    let joined: JoinRoomResponse;
    try {
      const response = await this.#deps.fetch(this.#options.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(this.#options.join),
      });
      const body: unknown = await response.json().catch(() => undefined);
      if (!response.ok) {
        const type = typeof body === 'object' && body !== null && 'type' in body ? String(body.type) : undefined;
        this.#apply(room.joinRefused(this.#state, outcomeOfProblem({ status: response.status, type })));
        return;
      }
      joined = body as JoinRoomResponse;
      this.#iceServers = joined.iceServers ?? [];
    } catch {
      this.#apply(room.joinRefused(this.#state, 'unavailable'));
      return;
    }
    // the visit may have ended while the token was on its way
    if (this.#state.phase === 'over' || this.#state.phase === 'left') return;
    this.#socket = new SignalSocket(
      signalUrl(this.#deps.location, joined.signalPath),
      joined.roomToken,
      {
        message: (message) => {
          // credentials come with the message whose connection needs them (welcome, admitted, subscribe)
          if ('iceServers' in message && message.iceServers) this.#iceServers = message.iceServers;
          if (message.type === 'welcome') this.#resume = message.resume;
          this.#apply(room.receive(this.#state, message));
        },
        closed: (code, reason) => {
          this.#socket = null;
          this.#apply(room.socketClosed(this.#state, code, reason));
        },
      },
      this.#deps.createSocket,
      this.#resume,
    );
  }

  #apply(step: room.Step): void {
    this.#set(step.state);
    for (const effect of step.effects) this.#run(effect);
  }

  #set(state: room.LiveState): void {
    this.#state = state;
    this.#emit();
  }

  #emit(): void {
    this.#options.changed(this.view);
  }

  #run(effect: room.Effect): void {
    switch (effect.type) {
      case 'publish':
        void this.#publish();
        return;
      case 'accept-answer':
        this.#publisher?.accept(effect.sdp).catch((cause) => this.#failed('publishing', cause));
        return;
      case 'subscribe':
        this.#subscriptions
          .answer(effect.subscriptionId, effect.publisherId, effect.sdp)
          .then((sdp) => {
            this.#send({ type: 'answer', subscriptionId: effect.subscriptionId, sdp });
            const view = this.#views.get(effect.publisherId);
            if (view) this.#send({ type: 'view', publisherId: effect.publisherId, ...view });
          })
          .catch((cause) => this.#failed('receiving', cause));
        return;
      case 'unsubscribe':
        this.#subscriptions.remove(effect.subscriptionId);
        return;
      case 'silence-microphone':
        // the server already stopped our audio; the track follows, so the state is the same everywhere
        if (this.#options.tracks.audio) this.#options.tracks.audio.enabled = false;
        return;
      case 'drop-connections':
        this.#closeConnections();
        return;
      case 'reconnect':
        this.#retry = this.#deps.setTimeout(() => void this.#connect(), effect.delayMs);
        return;
      case 'stop':
        this.#stop();
        return;
    }
  }

  async #publish(): Promise<void> {
    this.#publisher?.close();
    const publisher = new Publisher(this.#options.tracks, this.#deps.createPeer, () => this.#peerConfig(), () => {
      if (this.#publisher === publisher) this.#connectionLost();
    });
    this.#publisher = publisher;
    try {
      const sdp = await publisher.offer();
      if (this.#publisher === publisher) this.#send({ type: 'publish', sdp });
    } catch (cause) {
      this.#failed('publishing', cause);
    }
  }

  #failed(what: string, cause: unknown): void {
    // a connection that fails to negotiate is not fatal for the visit: say so, keep the rest going
    console.warn(`[candor-live] ${what} failed`, cause);
    this.#set({ ...this.#state, notice: `Your ${what === 'publishing' ? 'camera and microphone could' : 'view of a participant could'} not be connected. Try leaving and joining again.` });
  }

  #closeConnections(): void {
    this.#publisher?.close();
    this.#publisher = null;
    this.#subscriptions.closeAll();
  }

  #stop(): void {
    if (this.#retry !== null) this.#deps.clearTimeout(this.#retry);
    this.#retry = null;
    this.#socket?.close();
    this.#socket = null;
    this.#closeConnections();
    for (const track of [this.#options.tracks.audio, this.#options.tracks.video]) track?.stop();
  }
}
