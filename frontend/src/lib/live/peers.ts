// The participant's WebRTC connections to the SFU. One publishing connection: we offer our audio and
// video (sendonly) and the server answers. One subscribing connection per other participant: the
// server offers, we answer (recvonly). SDP goes out complete, candidates included (no trickle ICE).
// Video goes out as two simulcast layers (videoLayers). The SFU is reachable directly (UDP, or ICE over TCP); where the deployment runs a TURN relay, each
// connection also gets the short-lived relay credentials the server sent last, so a network that
// lets nothing but TLS on 443 out still connects through the relay.

export type PeerFactory = (config: RTCConfiguration) => RTCPeerConnection;

export const browserPeers: PeerFactory = (config) => new RTCPeerConnection(config);

/** How each new connection is configured: the TURN relays the server handed out most recently. */
export type PeerConfig = () => RTCConfiguration;
const noRelay: PeerConfig = () => ({ iceServers: [] });

/** Calls `failed` once if the connection, after being up, fails (ICE gave up: the network went). */
function watchFailure(pc: RTCPeerConnection, failed: () => void): void {
  let wasUp = false;
  const check = () => {
    if (pc.connectionState === 'connected') wasUp = true;
    if (pc.connectionState !== 'failed' || !wasUp) return;
    pc.removeEventListener('connectionstatechange', check);
    failed();
  };
  pc.addEventListener('connectionstatechange', check);
}

/** Waits until ICE gathering is complete (or `timeoutMs`: then what was gathered goes). */
export function gatheringComplete(pc: RTCPeerConnection, timeoutMs = 3_000): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

async function completeSdp(pc: RTCPeerConnection): Promise<string> {
  await gatheringComplete(pc);
  const sdp = pc.localDescription?.sdp;
  if (!sdp) throw new Error('no local description');
  return sdp;
}

export interface LocalTracks {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
}

/**
 * The camera as two simulcast layers, lowest first (the order the SFU reads them in): `l` at half
 * resolution for views that show it small, `h` at full. The room asks the SFU for one layer per
 * viewer (services/media/src/live/video-layers.ts); mediasoup forwards that one, werift asks us for
 * `h` only. The bitrate caps keep the pair near one full-size stream's cost. contracts' `videoLayers`
 * (which the server sizes the layers by, to pick one per tile) and test/bench/media-simulcast.bench.ts
 * repeat these layers (the page bundle imports no values from contracts): keep the three equal.
 */
export const videoLayers: RTCRtpEncodingParameters[] = [
  { rid: 'l', scaleResolutionDownBy: 2, maxBitrate: 200_000 },
  { rid: 'h', maxBitrate: 900_000 },
];

/** Our audio and video to the SFU. Without a camera the video section is still offered, empty. */
export class Publisher {
  readonly #pc: RTCPeerConnection;

  constructor(tracks: LocalTracks, createPeer: PeerFactory = browserPeers, config: PeerConfig = noRelay, failed?: () => void) {
    this.#pc = createPeer(config());
    if (failed) watchFailure(this.#pc, failed);
    this.#pc.addTransceiver(tracks.audio ?? 'audio', { direction: 'sendonly' });
    this.#pc.addTransceiver(
      tracks.video ?? 'video',
      tracks.video ? { direction: 'sendonly', sendEncodings: videoLayers } : { direction: 'sendonly' },
    );
  }

  async offer(): Promise<string> {
    await this.#pc.setLocalDescription(await this.#pc.createOffer());
    return completeSdp(this.#pc);
  }

  async accept(answerSdp: string): Promise<void> {
    await this.#pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  }

  close(): void {
    this.#pc.close();
  }
}

export interface RemoteMedia {
  publisherId: string;
  stream: MediaStream;
}

/** The other participants' media, one connection each, keyed by the server's subscription id. */
export class Subscriptions {
  readonly #connections = new Map<string, { pc: RTCPeerConnection; publisherId: string; stream: MediaStream }>();
  readonly #changed: () => void;
  readonly #createPeer: PeerFactory;
  readonly #createStream: () => MediaStream;
  readonly #config: PeerConfig;
  readonly #failed: (() => void) | undefined;

  constructor(
    changed: () => void,
    createPeer: PeerFactory = browserPeers,
    createStream = () => new MediaStream(),
    config: PeerConfig = noRelay,
    /** a connection that was up failed */
    failed?: () => void,
  ) {
    this.#changed = changed;
    this.#createPeer = createPeer;
    this.#createStream = createStream;
    this.#config = config;
    this.#failed = failed;
  }

  /** Answers the server's offer; the tracks show up in the publisher's stream as they arrive. */
  async answer(subscriptionId: string, publisherId: string, offerSdp: string): Promise<string> {
    this.remove(subscriptionId);
    const pc = this.#createPeer(this.#config());
    const failed = this.#failed;
    if (failed) watchFailure(pc, () => this.#connections.get(subscriptionId)?.pc === pc && failed());
    const stream = this.#createStream();
    pc.addEventListener('track', (event) => {
      stream.addTrack(event.track);
      this.#changed();
    });
    this.#connections.set(subscriptionId, { pc, publisherId, stream });
    this.#changed();
    await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    await pc.setLocalDescription(await pc.createAnswer());
    return completeSdp(pc);
  }

  remove(subscriptionId: string): void {
    const connection = this.#connections.get(subscriptionId);
    if (!connection) return;
    this.#connections.delete(subscriptionId);
    connection.pc.close();
    this.#changed();
  }

  closeAll(): void {
    const had = this.#connections.size > 0;
    for (const { pc } of this.#connections.values()) pc.close();
    this.#connections.clear();
    if (had) this.#changed();
  }

  /** Newest subscription per publisher (a re-subscribe replaces the old one). */
  media(): RemoteMedia[] {
    const byPublisher = new Map<string, MediaStream>();
    for (const { publisherId, stream } of this.#connections.values()) byPublisher.set(publisherId, stream);
    return [...byPublisher].map(([publisherId, stream]) => ({ publisherId, stream }));
  }
}
