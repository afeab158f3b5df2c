// A simulcast publisher without a browser, for the engine contract suite and the media bench: a werift
// peer connection whose offer is rewritten the way Chromium writes a simulcast offer (RFC 8853: the
// video m-line gets `a=rid:<id> send` per layer and `a=simulcast:send l;h`, lowest first, and no
// a=ssrc: the receiver learns each layer's SSRC from the RID header extension). werift cannot send
// simulcast itself ("sender simulcast unsupported" in its sender), so the layers' RTP goes straight
// to the connection's DTLS transport (SRTP like any packet): one SSRC, sequence and timestamp per
// layer, each packet carrying the MID and RID header extensions with the ids the answer negotiated.
// Like a browser, it sends only the layers the answer accepted (werift's answer keeps the top one).
//
// Each layer is a VP8 stream (synthetic-media.ts's shape, or real frames from `frames`), with a
// keyframe first, after any PLI/FIR for its SSRC and every `keyframeIntervalMs`. Keyframes carry
// the layer's width in the VP8 header, so a receiver can tell the layers apart (keyframeWidth).
// Every second each layer sends an RTCP sender report mapping its RTP clock to one shared wall
// clock: mediasoup needs both layers' reports before it switches a subscriber between them (it
// re-bases timestamps across layers with them), as with a browser.
import { randomInt } from 'node:crypto';
import {
  RtcpPayloadSpecificFeedback,
  RtcpSenderInfo,
  RtcpSrPacket,
  RtpHeader,
  RTCPeerConnection,
  RTP_EXTENSION_URI,
  serializeSdesMid,
  serializeSdesRTPStreamID,
  useNACK,
  useOPUS,
  usePLI,
  useSdesMid,
  useSdesRTPStreamId,
  useVP8,
  type RTCDtlsTransport,
  type RtcpPacket,
} from 'werift';
import { defaultMediaShape, videoClockRate, vp8Frame, type MediaShape } from './synthetic-media';

export interface SimulcastLayer {
  rid: string;
  /** width written into this layer's keyframes (and height, at 16:9) */
  width: number;
  /** RTP packets per delta frame (keyframes: `keyframePackets`) */
  packetsPerFrame: number;
  payloadBytes: number;
}

/** What the app publishes (contracts `videoLayers` on a 640x360 camera), in light synthetic packets. */
export const defaultSimulcastLayers: SimulcastLayer[] = [
  { rid: 'l', width: 320, packetsPerFrame: 1, payloadBytes: 600 },
  { rid: 'h', width: 640, packetsPerFrame: 2, payloadBytes: 1100 },
];

export interface SimulcastOptions {
  layers?: SimulcastLayer[];
  framesPerSecond?: number;
  keyframeIntervalMs?: number;
  /** real frames instead of filler: the payloads (one frame, in packets) of a layer's next frame */
  frames?: (rid: string, keyframe: boolean) => Buffer[];
}

export interface SyntheticSimulcastPublisher {
  /** the offer to send to the engine: audio (silent) + video as simulcast */
  readonly offerSdp: string;
  accept(answerSdp: string): Promise<void>;
  connected(timeoutMs?: number): Promise<void>;
  /** the rids the answer accepted, lowest first: the layers being sent */
  readonly sending: readonly string[];
  /** RTP packets and payload bytes sent per rid */
  readonly sent: Readonly<Record<string, { packets: number; bytes: number }>>;
  close(): Promise<void>;
}

/** Chromium's simulcast offer from werift's plain one (video m-line only). */
export function simulcastOffer(sdp: string, rids: string[]): string {
  const sections = sdp.split(/\r\n(?=m=)/);
  return sections
    .map((section) => {
      if (!section.startsWith('m=video')) return section;
      const lines = section
        .split('\r\n')
        .filter((line) => !line.startsWith('a=ssrc:') && !line.startsWith('a=ssrc-group:'));
      const end = lines.at(-1) === '' ? lines.length - 1 : lines.length;
      lines.splice(end, 0, ...rids.map((rid) => `a=rid:${rid} send`), `a=simulcast:send ${rids.join(';')}`);
      return lines.join('\r\n');
    })
    .join('\r\n');
}

/** The video m-line of an answer: the rids it accepted (a=simulcast:recv), its VP8 payload type, extension ids. */
function readAnswer(sdp: string) {
  const video = sdp.split(/\r?\n(?=m=)/).find((section) => section.startsWith('m=video')) ?? '';
  const lines = video.split(/\r?\n/);
  const simulcast = lines.find((line) => line.startsWith('a=simulcast:recv '));
  const rids = simulcast ? simulcast.slice('a=simulcast:recv '.length).split(' ')[0]!.split(';') : [];
  const vp8 = lines.map((line) => /^a=rtpmap:(\d+) VP8\/90000/i.exec(line)).find(Boolean);
  const extension = (uri: string) => {
    const found = lines.map((line) => /^a=extmap:(\d+)(?:\/\w+)? (\S+)/.exec(line)).find((m) => m?.[2] === uri);
    return found ? Number(found[1]) : undefined;
  };
  const mid = lines.find((line) => line.startsWith('a=mid:'))?.slice('a=mid:'.length);
  return {
    rids: rids.map((rid) => rid.split(',')[0]!.replace(/^~/, '')).filter((rid) => rid !== '' && !rid.startsWith('~')),
    payloadType: vp8 ? Number(vp8[1]) : 96,
    midId: extension(RTP_EXTENSION_URI.sdesMid),
    ridId: extension(RTP_EXTENSION_URI.sdesRTPStreamID),
    mid: mid ?? '1',
  };
}

const isKeyframeRequest = (packet: RtcpPacket) =>
  packet instanceof RtcpPayloadSpecificFeedback && (packet.feedback?.count === 1 || packet.feedback?.count === 4);

interface LayerState {
  layer: SimulcastLayer;
  ssrc: number;
  sequence: number;
  /** the RTP timestamp at `startedAt`: a layer's timestamps follow the wall clock from there */
  timestamp0: number;
  timestamp: number;
  keyframeDue: boolean;
  packets: number;
  bytes: number;
}

export async function createSyntheticSimulcastPublisher(
  options: SimulcastOptions = {},
): Promise<SyntheticSimulcastPublisher> {
  const layers = options.layers ?? defaultSimulcastLayers;
  const fps = options.framesPerSecond ?? 30;
  const keyframeIntervalMs = options.keyframeIntervalMs ?? 2000;
  const pc = new RTCPeerConnection({
    codecs: {
      audio: [useOPUS({ payloadType: 111 })],
      video: [useVP8({ payloadType: 96, rtcpFeedback: [useNACK(), usePLI()] })],
    },
    headerExtensions: { audio: [useSdesMid()], video: [useSdesMid(), useSdesRTPStreamId()] },
    iceServers: [],
    iceUseIpv6: false,
    bundlePolicy: 'max-bundle',
  });
  pc.addTransceiver('audio', { direction: 'sendonly' });
  const video = pc.addTransceiver('video', { direction: 'sendonly' });
  await pc.setLocalDescription(await pc.createOffer());
  if (pc.iceGatheringState !== 'complete')
    await new Promise<void>((resolve) => {
      const { unSubscribe } = pc.iceGatheringStateChange.subscribe((state) => {
        if (state !== 'complete') return;
        unSubscribe();
        resolve();
      });
    });
  const offerSdp = simulcastOffer(
    pc.localDescription!.sdp,
    layers.map((layer) => layer.rid),
  );

  const states = new Map<string, LayerState>();
  const sent: Record<string, { packets: number; bytes: number }> = {};
  const timers: NodeJS.Timeout[] = [];
  let closed = false;
  let answer: ReturnType<typeof readAnswer> | undefined;
  // one wall clock for every layer's RTP clock: what the sender reports state
  const startedAt = Date.now();
  const rtpTimeAt = (state: LayerState, now: number) =>
    (state.timestamp0 + Math.round(((now - startedAt) / 1000) * videoClockRate)) >>> 0;

  const frameOf = (state: LayerState, keyframe: boolean): Buffer[] => {
    if (options.frames) return options.frames(state.layer.rid, keyframe);
    const shape: MediaShape = {
      ...defaultMediaShape,
      videoPacketsPerFrame: state.layer.packetsPerFrame,
      keyframePackets: state.layer.packetsPerFrame * 3,
      videoPayloadBytes: state.layer.payloadBytes,
    };
    const packets = vp8Frame(shape, keyframe);
    if (keyframe) {
      // vp8Frame writes 640x480: this layer's own size instead
      packets[0]!.writeUInt16LE(state.layer.width, 7);
      packets[0]!.writeUInt16LE(Math.round((state.layer.width * 9) / 16), 9);
    }
    return packets;
  };

  const start = (transport: RTCDtlsTransport) => {
    if (closed || timers.length > 0 || !answer) return;
    const { payloadType, midId, ridId, mid } = answer;
    transport.onRtcp.subscribe((packet) => {
      if (!isKeyframeRequest(packet)) return;
      const feedback = (packet as RtcpPayloadSpecificFeedback).feedback;
      // a PLI names its stream; a FIR (count 4) is taken for every layer
      const mediaSsrc = feedback.count === 1 ? (feedback as { mediaSsrc: number }).mediaSsrc : undefined;
      for (const state of states.values())
        if (mediaSsrc === undefined || state.ssrc === mediaSsrc) state.keyframeDue = true;
    });
    const sendFrame = (state: LayerState, now: number) => {
      state.timestamp = rtpTimeAt(state, now);
      const keyframe = state.keyframeDue;
      state.keyframeDue = false;
      const payloads = frameOf(state, keyframe);
      payloads.forEach((payload, index) => {
        const extensions = [
          ...(midId !== undefined ? [{ id: midId, payload: serializeSdesMid(mid) }] : []),
          ...(ridId !== undefined ? [{ id: ridId, payload: serializeSdesRTPStreamID(state.layer.rid) }] : []),
        ];
        const header = new RtpHeader({
          ssrc: state.ssrc,
          payloadType,
          sequenceNumber: state.sequence,
          timestamp: state.timestamp,
          marker: index === payloads.length - 1,
          extensions,
        });
        state.sequence = (state.sequence + 1) & 0xffff;
        state.packets++;
        state.bytes += payload.length;
        void transport.sendRtp(payload, header);
      });
    };
    timers.push(
      setInterval(() => {
        const now = Date.now();
        for (const state of states.values()) sendFrame(state, now);
      }, 1000 / fps),
      setInterval(() => {
        for (const state of states.values()) state.keyframeDue = true;
      }, keyframeIntervalMs),
      setInterval(() => {
        const now = Date.now();
        const reports = [...states.values()].map((state) => {
          return new RtcpSrPacket({
            ssrc: state.ssrc,
            senderInfo: new RtcpSenderInfo({
              ntpTimestamp: ntpOf(now),
              rtpTimestamp: rtpTimeAt(state, now),
              packetCount: state.packets,
              octetCount: state.bytes,
            }),
          });
        });
        if (reports.length > 0) void transport.sendRtcp(reports);
      }, 1000),
    );
  };

  pc.connectionStateChange.subscribe((state) => {
    if (state === 'connected') start(video.sender.dtlsTransport);
  });

  return {
    offerSdp,
    async accept(answerSdp) {
      answer = readAnswer(answerSdp);
      for (const layer of layers) {
        if (!answer.rids.includes(layer.rid)) continue;
        const timestamp = randomInt(0, 2 ** 31);
        states.set(layer.rid, {
          layer,
          ssrc: randomInt(1, 2 ** 31),
          sequence: randomInt(0, 2 ** 15),
          timestamp,
          timestamp0: timestamp,
          keyframeDue: true,
          packets: 0,
          bytes: 0,
        });
        sent[layer.rid] = { packets: 0, bytes: 0 };
      }
      await pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
      if (pc.connectionState === 'connected') start(video.sender.dtlsTransport);
    },
    connected: (timeoutMs = 40_000) =>
      new Promise<void>((resolve, reject) => {
        if (pc.connectionState === 'connected') return resolve();
        const timer = setTimeout(() => reject(new Error(`not connected within ${timeoutMs} ms`)), timeoutMs);
        pc.connectionStateChange.subscribe((state) => {
          if (state === 'connected') {
            clearTimeout(timer);
            resolve();
          } else if (state === 'failed' || state === 'closed') {
            clearTimeout(timer);
            reject(new Error(`connection ${state}`));
          }
        });
      }),
    get sending() {
      return [...states.keys()];
    },
    get sent() {
      for (const [rid, state] of states) sent[rid] = { packets: state.packets, bytes: state.bytes };
      return sent;
    },
    async close() {
      closed = true;
      timers.splice(0).forEach(clearInterval);
      await pc.close().catch(() => undefined);
    },
  };
}

/** A wall-clock time in ms as a 64-bit NTP timestamp (seconds since 1900 . fraction). */
function ntpOf(ms: number): bigint {
  const seconds = Math.floor(ms / 1000) + 2_208_988_800;
  const fraction = Math.round(((ms % 1000) / 1000) * 2 ** 32);
  return (BigInt(seconds) << 32n) | BigInt(fraction >>> 0);
}
