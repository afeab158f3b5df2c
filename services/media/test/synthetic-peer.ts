// Browser stand-ins for tests and benchmarks: werift peer connections that speak the same complete
// SDP as the browser does to the media service (strings in, strings out, so they work over the real
// WebSocket signalling as well as against an engine directly).
//   - a publisher offers audio + video (sendonly) and, once connected, sends synthetic opus packets
//     at 50/s and VP8-shaped frames at ~30/s, with a keyframe first and after every PLI/FIR;
//   - a subscriber answers an engine's offer, counts what arrives per kind (only packets whose
//     payload type is the codec it negotiated for that kind), notes its first packet, and can ask
//     for a keyframe. Like a browser it routes a stream the offer did not announce (no a=ssrc, or a
//     new SSRC after the publisher published again) by its MID header extension (RFC 8843), which
//     werift alone does not do: see routeByMid.
// Payload types are chosen like Chromium's (opus 111, VP8 96), not like the engine's, so a forwarder
// that does not map payload types between connections shows up as packets that never count.
import {
  RTP_EXTENSION_URI,
  rtpHeaderExtensionsParser,
  RTCPeerConnection,
  RtcpPayloadSpecificFeedback,
  RtpHeader,
  RtpPacket,
  useNACK,
  useOPUS,
  usePLI,
  useSdesMid,
  useTransportWideCC,
  useTWCC,
  useVP8,
  type MediaStreamTrack,
  type PeerConfig,
  type RtcpPacket,
  type RTCRtpReceiver,
  type RTCRtpSender,
} from 'werift';
import {
  audioPacketIntervalMs,
  defaultMediaShape,
  isVp8KeyframeStart,
  opusPayload,
  vp8KeyframeWidth,
  opusSamplesPerPacket,
  videoClockRate,
  vp8Frame,
  type MediaShape,
} from './synthetic-media';

export type Kind = 'audio' | 'video';
export type PerKind<T> = Record<Kind, T>;

/** `transportCc`: the subscriber sends transport-wide congestion control feedback, as browsers do. */
function peerConfig(transportCc = false): Partial<PeerConfig> {
  return {
    codecs: {
      audio: [useOPUS({ payloadType: 111 })],
      video: [useVP8({ payloadType: 96, rtcpFeedback: [useNACK(), usePLI(), ...(transportCc ? [useTWCC()] : [])] })],
    },
    headerExtensions: {
      audio: [useSdesMid()],
      video: [useSdesMid(), ...(transportCc ? [useTransportWideCC()] : [])],
    },
    iceServers: [],
    iceUseIpv6: false,
    bundlePolicy: 'max-bundle',
  };
}

async function completeSdp(pc: RTCPeerConnection, timeoutMs = 10_000): Promise<string> {
  if (pc.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        unSubscribe();
        reject(new Error(`ICE gathering did not complete within ${timeoutMs} ms`));
      }, timeoutMs);
      const { unSubscribe } = pc.iceGatheringStateChange.subscribe((state) => {
        if (state !== 'complete') return;
        clearTimeout(timer);
        unSubscribe();
        resolve();
      });
    });
  }
  return pc.localDescription!.sdp;
}

/**
 * How long a connection may take to come up. Generous on purpose: on a loaded 2-core machine (CI runs
 * browsers beside these suites) a lost DTLS flight is retransmitted by werift on a back-off that
 * totals about 27 s; this is a liveness bound, not a speed check (the bench measures speed).
 */
const connectTimeoutMs = 40_000;

/** Resolves when `pc` is connected; rejects if it fails or closes first, or after `timeoutMs`. */
function whenConnected(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.connectionState === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unSubscribe();
      reject(new Error(`not connected within ${timeoutMs} ms (state ${pc.connectionState})`));
    }, timeoutMs);
    const { unSubscribe } = pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') resolve();
      else if (state === 'failed' || state === 'closed') reject(new Error(`connection ${state}`));
      else return;
      clearTimeout(timer);
      unSubscribe();
    });
  });
}

const isKeyframeRequest = (packet: RtcpPacket) =>
  packet instanceof RtcpPayloadSpecificFeedback && (packet.feedback?.count === 1 || packet.feedback?.count === 4);

export interface SyntheticPublisher {
  /** the complete offer to send to the engine (audio + video, sendonly) */
  readonly offerSdp: string;
  /** Applies the engine's answer; media starts as soon as the connection is up. */
  accept(answerSdp: string): Promise<void>;
  connected(timeoutMs?: number): Promise<void>;
  /** RTP packets handed to the connection per kind, since it connected */
  readonly sent: Readonly<PerKind<number>>;
  /** PLI and FIR packets received (each one makes the next video frame a keyframe) */
  readonly keyframeRequests: number;
  readonly keyframesSent: number;
  close(): Promise<void>;
}

export async function createSyntheticPublisher(shape: Partial<MediaShape> = {}): Promise<SyntheticPublisher> {
  const media = { ...defaultMediaShape, ...shape };
  const pc = new RTCPeerConnection(peerConfig());
  const senders: PerKind<RTCRtpSender> = {
    audio: pc.addTransceiver('audio', { direction: 'sendonly' }).sender,
    video: pc.addTransceiver('video', { direction: 'sendonly' }).sender,
  };
  const sent: PerKind<number> = { audio: 0, video: 0 };
  let keyframeRequests = 0;
  let keyframesSent = 0;
  let keyframeDue = true;
  let closed = false;
  const timers: NodeJS.Timeout[] = [];

  senders.video.onRtcp.subscribe((packet) => {
    if (!isKeyframeRequest(packet)) return;
    keyframeRequests++;
    keyframeDue = true;
  });

  const state = { sequence: { audio: 0, video: 0 }, timestamp: { audio: 0, video: 0 } };
  const send = (kind: Kind, payload: Buffer, marker: boolean) => {
    const header = new RtpHeader({
      sequenceNumber: state.sequence[kind],
      timestamp: state.timestamp[kind],
      marker,
      payloadType: kind === 'audio' ? 111 : 96, // the sender rewrites it to the negotiated one anyway
    });
    state.sequence[kind] = (state.sequence[kind] + 1) & 0xffff;
    senders[kind].sendRtp(new RtpPacket(header, payload)).catch(() => undefined);
    sent[kind]++;
  };
  const start = () => {
    if (closed || timers.length > 0) return;
    timers.push(
      setInterval(() => {
        send('audio', opusPayload(media), false);
        state.timestamp.audio = (state.timestamp.audio + opusSamplesPerPacket) >>> 0;
      }, audioPacketIntervalMs),
      setInterval(() => {
        const keyframe = keyframeDue;
        keyframeDue = false;
        if (keyframe) keyframesSent++;
        const packets = vp8Frame(media, keyframe);
        packets.forEach((payload, index) => send('video', payload, index === packets.length - 1));
        state.timestamp.video = (state.timestamp.video + videoClockRate / media.videoFramesPerSecond) >>> 0;
      }, 1000 / media.videoFramesPerSecond),
    );
  };
  pc.connectionStateChange.subscribe((connection) => {
    if (connection === 'connected') start();
  });

  await pc.setLocalDescription(await pc.createOffer());
  const offerSdp = await completeSdp(pc);
  return {
    offerSdp,
    accept: (answerSdp) => pc.setRemoteDescription({ type: 'answer', sdp: answerSdp }),
    connected: (timeoutMs = connectTimeoutMs) => whenConnected(pc, timeoutMs),
    get sent() {
      return sent;
    },
    get keyframeRequests() {
      return keyframeRequests;
    },
    get keyframesSent() {
      return keyframesSent;
    },
    async close() {
      closed = true;
      timers.splice(0).forEach(clearInterval);
      await pc.close().catch(() => undefined);
    },
  };
}

/** The parts of werift's RTP router and receiver that routeByMid uses (private in its typings). */
interface WeriftRouting {
  router: {
    ssrcTable: Record<number, unknown>;
    extIdUriMap: Record<number, string>;
    routeRtp(packet: RtpPacket): void;
    registerRtpReceiver(receiver: RTCRtpReceiver, ssrc: number): void;
  };
}
interface WeriftReceiverInternals {
  codecs: Record<number, { name: string } | undefined>;
  trackBySSRC: Record<number, MediaStreamTrack | undefined>;
}

/** Payload types that never start a stream of their own (Chromium creates no receive stream for them either). */
const repairCodec = /^(rtx|red|ulpfec|flexfec)/i;

/**
 * What browsers do with a stream whose SSRC the SDP did not announce: an RTP packet with an unknown
 * SSRC, the MID of one of the connection's m-lines and that m-line's media payload type is bound to
 * the m-line's receiver and its track (the same track the page already has; a later new SSRC replaces
 * the binding, as when the publisher published again). werift routes by SSRC and RID only and drops
 * such packets. Chromium's behaviour is checked against the mediasoup engine in
 * services/media/src/sfu/engine-chromium.e2e.spec.ts ("keeps rendering").
 */
function routeByMid(pc: RTCPeerConnection): void {
  const { router } = pc as unknown as WeriftRouting;
  const route = router.routeRtp.bind(router);
  router.routeRtp = (packet: RtpPacket) => {
    const { ssrc, payloadType } = packet.header;
    if (router.ssrcTable[ssrc] === undefined) {
      const mid = rtpHeaderExtensionsParser(packet.header.extensions, router.extIdUriMap)[RTP_EXTENSION_URI.sdesMid];
      const transceiver = typeof mid === 'string' ? pc.getTransceivers().find((t) => t.mid === mid) : undefined;
      const receiver = transceiver?.receiver;
      const internals = receiver as unknown as WeriftReceiverInternals | undefined;
      const codec = internals?.codecs[payloadType];
      if (transceiver && receiver && internals && codec && !repairCodec.test(codec.name)) {
        const track = receiver.track;
        // the codec this m-line negotiated (not the packet's): what `misnumbered` is judged against
        track.codec ??= transceiver.codecs.find((c) => !repairCodec.test(c.name));
        internals.trackBySSRC[ssrc] = track;
        router.registerRtpReceiver(receiver, ssrc);
      }
    }
    route(packet);
  };
}

export interface SyntheticSubscriber {
  /** the complete answer to send back to the engine */
  readonly answerSdp: string;
  connected(timeoutMs?: number): Promise<void>;
  /** RTP packets received per kind with the payload type negotiated for that kind */
  readonly received: Readonly<PerKind<number>>;
  /** packets that arrived with a payload type this connection did not negotiate for their m-line */
  readonly misnumbered: number;
  readonly keyframesReceived: number;
  /** the width stated by the latest VP8 keyframe received (tells simulcast layers apart) */
  readonly keyframeWidth: number | undefined;
  /** RTP payload bytes received per kind (counted like `received`) */
  readonly receivedBytes: Readonly<PerKind<number>>;
  /** when the first packet arrived (performance.now()), per kind */
  readonly firstPacketAt: Readonly<Partial<PerKind<number>>>;
  /** the connection's state as werift reports it ('connected', 'closed', 'failed', ...) */
  readonly connectionState: string;
  /** Sends a PLI for the video it receives (no-op before the first video packet). */
  requestKeyframe(): void;
  close(): Promise<void>;
}

export async function createSyntheticSubscriber(
  offerSdp: string,
  options: { transportCc?: boolean } = {},
): Promise<SyntheticSubscriber> {
  const pc = new RTCPeerConnection(peerConfig(options.transportCc));
  const received: PerKind<number> = { audio: 0, video: 0 };
  const firstPacketAt: Partial<PerKind<number>> = {};
  let misnumbered = 0;
  let keyframesReceived = 0;
  let keyframeWidth: number | undefined;
  const receivedBytes: PerKind<number> = { audio: 0, video: 0 };
  let videoReceiver: { receiver: RTCRtpReceiver; ssrc: number } | undefined;

  pc.ontrack = ({ track, receiver }: { track: MediaStreamTrack; receiver: RTCRtpReceiver }) => {
    const kind = track.kind as Kind;
    track.onReceiveRtp.subscribe((packet) => {
      // the codec this connection negotiated for the track, read per packet: it is set once the
      // answer is applied, and the question is whether the engine numbered the packet accordingly
      if (packet.header.payloadType !== track.codec?.payloadType) {
        misnumbered++;
        return;
      }
      received[kind]++;
      receivedBytes[kind] += packet.payload.length;
      firstPacketAt[kind] ??= performance.now();
      if (kind === 'video') {
        videoReceiver = { receiver, ssrc: packet.header.ssrc }; // the latest stream (a re-publish changes it)
        if (isVp8KeyframeStart(packet.payload)) {
          keyframesReceived++;
          keyframeWidth = vp8KeyframeWidth(packet.payload) ?? keyframeWidth;
        }
      }
    });
  };
  routeByMid(pc);
  await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
  for (const transceiver of pc.getTransceivers()) transceiver.setDirection('recvonly');
  await pc.setLocalDescription(await pc.createAnswer());
  const answerSdp = await completeSdp(pc);
  return {
    answerSdp,
    connected: (timeoutMs = connectTimeoutMs) => whenConnected(pc, timeoutMs),
    get received() {
      return received;
    },
    get misnumbered() {
      return misnumbered;
    },
    get keyframesReceived() {
      return keyframesReceived;
    },
    get keyframeWidth() {
      return keyframeWidth;
    },
    get receivedBytes() {
      return receivedBytes;
    },
    get firstPacketAt() {
      return firstPacketAt;
    },
    get connectionState() {
      return pc.connectionState;
    },
    requestKeyframe() {
      if (videoReceiver) videoReceiver.receiver.sendRtcpPLI(videoReceiver.ssrc).catch(() => undefined);
    },
    async close() {
      await pc.close().catch(() => undefined);
    },
  };
}
