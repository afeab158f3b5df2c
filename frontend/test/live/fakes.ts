// Fakes of the browser objects LiveSession touches (WebSocket, RTCPeerConnection, MediaStream,
// MediaStreamTrack), for node:test. They record what was done to them and let a test play the
// server's side.
import type { LiveSessionDeps } from '../../src/lib/live/live-session.ts';
import type { SocketLike } from '../../src/lib/live/signal-socket.ts';

export class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  closedWith: number | null = null;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  /** the server's side */
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  deliver(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

export class FakeTrack {
  enabled = true;
  stopped = false;
  readonly kind: 'audio' | 'video';
  constructor(kind: 'audio' | 'video') {
    this.kind = kind;
  }
  stop(): void {
    this.stopped = true;
  }
}

export class FakePeer {
  transceivers: { trackOrKind: unknown; direction: string }[] = [];
  remote: { type: string; sdp: string } | null = null;
  local: { type: string; sdp: string } | null = null;
  iceGatheringState = 'new';
  closed = false;
  /** the RTCConfiguration the connection was made with */
  config: unknown = null;
  connectionState = 'new';
  /** the browser's side: the connection's state changes */
  changeState(state: string) {
    this.connectionState = state;
    this.emit('connectionstatechange', {});
  }
  #listeners = new Map<string, ((event: unknown) => void)[]>();
  addTransceiver(trackOrKind: unknown, init: { direction: string }) {
    this.transceivers.push({ trackOrKind, direction: init.direction });
  }
  async createOffer() {
    return { type: 'offer', sdp: `offer with ${this.transceivers.length} sections` };
  }
  async createAnswer() {
    return { type: 'answer', sdp: `answer to ${this.remote?.sdp}` };
  }
  async setLocalDescription(description: { type: string; sdp: string }) {
    this.local = description;
    // gathering completes a moment later, as in a browser
    setTimeout(() => {
      this.iceGatheringState = 'complete';
      this.emit('icegatheringstatechange', {});
    }, 1);
  }
  async setRemoteDescription(description: { type: string; sdp: string }) {
    this.remote = description;
  }
  get localDescription() {
    return this.local ? { ...this.local, sdp: `${this.local.sdp} + candidates` } : null;
  }
  addEventListener(type: string, listener: (event: unknown) => void) {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }
  removeEventListener(type: string, listener: (event: unknown) => void) {
    this.#listeners.set(type, (this.#listeners.get(type) ?? []).filter((l) => l !== listener));
  }
  emit(type: string, event: unknown) {
    for (const listener of this.#listeners.get(type) ?? []) listener(event);
  }
  close() {
    this.closed = true;
  }
}

export class FakeStream {
  tracks: unknown[] = [];
  addTrack(track: unknown) {
    this.tracks.push(track);
  }
}

export interface FakeBrowser {
  deps: LiveSessionDeps;
  sockets: FakeSocket[];
  peers: FakePeer[];
  requests: { url: string; init: RequestInit }[];
  timers: { callback: () => void; ms: number }[];
  /** what the room-token endpoint answers next */
  answers: { status: number; body: unknown }[];
  /** the device's network comes back (the browser's `online` event) */
  networkBack: () => void;
}

export function fakeBrowser(): FakeBrowser {
  const browser: FakeBrowser = {
    sockets: [],
    peers: [],
    requests: [],
    timers: [],
    answers: [],
    deps: undefined as never,
    networkBack: () => undefined,
  };
  browser.deps = {
    fetch: (async (url: string, init: RequestInit) => {
      browser.requests.push({ url, init });
      const answer = browser.answers.shift() ?? { status: 200, body: joinAnswer };
      return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch,
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      browser.sockets.push(socket);
      return socket;
    },
    createPeer: (config) => {
      const peer = new FakePeer();
      peer.config = config;
      browser.peers.push(peer);
      return peer as unknown as RTCPeerConnection;
    },
    createStream: () => new FakeStream() as unknown as MediaStream,
    location: { protocol: 'http:', host: '127.0.0.1:4000' },
    setTimeout: (callback, ms) => {
      browser.timers.push({ callback, ms });
      return browser.timers.length;
    },
    clearTimeout: () => undefined,
    onNetworkBack: (callback) => {
      browser.networkBack = callback;
    },
  };
  return browser;
}

export const joinAnswer = {
  roomId: 'room-1',
  participantId: 'candidate',
  role: 'candidate',
  grants: { publish: true, subscribe: true, admit: false, record: false, mute: false, end: false },
  roomToken: 'room-token-1',
  expiresAt: '2026-12-01T09:01:00Z',
  signalPath: '/api/media/signal',
};

/** Lets queued promises and 1 ms timers run. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 5; round++) await new Promise((resolve) => setTimeout(resolve, 2));
}
