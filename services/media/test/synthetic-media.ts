// The shape of synthetic media: RTP payloads the size and structure of what a browser sends, without
// an encoder. Opus: one ~20 ms frame per packet. VP8 (RFC 7741): a payload descriptor, then on the
// first packet of a frame the VP8 frame tag, whose lowest bit says keyframe (0) or not (1); keyframes
// carry the start code and a 640x480 size like a real one, so a depacketizer sees a keyframe.
import { randomBytes } from 'node:crypto';

export interface MediaShape {
  /** opus payload bytes per 20 ms packet (default 100: about 40 kbit/s) */
  audioPayloadBytes: number;
  /** video frames per second (default 30) */
  videoFramesPerSecond: number;
  /** RTP packets per delta frame (default 3 of ~1000 bytes: about 720 kbit/s, like 640x360 in Chromium) */
  videoPacketsPerFrame: number;
  /** RTP packets per keyframe (default 8) */
  keyframePackets: number;
  videoPayloadBytes: number;
  /**
   * Real, decodable frames instead of filler (one packet per frame; the sizes above are ignored): a
   * 320x240 grey VP8 keyframe and inter frame made by libvpx, and Opus's 20 ms silence frame. For
   * receivers that decode, such as a recorder's ffmpeg, which will not write a file it cannot size.
   */
  decodable?: boolean;
}

export const defaultMediaShape: MediaShape = {
  audioPayloadBytes: 100,
  videoFramesPerSecond: 30,
  videoPacketsPerFrame: 3,
  keyframePackets: 8,
  videoPayloadBytes: 1000,
};

export const audioPacketIntervalMs = 20;
export const opusSamplesPerPacket = 960; // 20 ms at 48 kHz
export const videoClockRate = 90_000;

// one random buffer reused as filler: payload bytes need not differ between packets, and making
// fresh ones would put the cost of the generator into the measurement
const filler = randomBytes(1500);

// `ffmpeg -f lavfi -i color=c=gray:s=320x240 -frames:v 2 -c:v libvpx -f ivf`, the two frames
const realKeyframe = Buffer.from(
  'MBIAnQEqQAHwAABHCIWFiIWEiAICAAYWBh17c2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2TnD2Tm8AD+aAA=',
  'base64',
);
const realInterFrame = Buffer.from('0QIAARAQABgAGFgv9AAIgAQzX61yT5xzAAA=', 'base64');
/** Opus TOC 0xF8 (CELT fullband, 20 ms, mono, one frame) and an empty frame: silence */
const opusSilence = Buffer.from([0xf8, 0xff, 0xfe]);

export function opusPayload(shape: MediaShape): Buffer {
  if (shape.decodable) return opusSilence;
  return filler.subarray(0, shape.audioPayloadBytes);
}

/** The payloads of one VP8 frame, in order; the last one goes out with the RTP marker bit. */
export function vp8Frame(shape: MediaShape, keyframe: boolean): Buffer[] {
  // payload descriptor: S=1 (start of the partition), PID=0, then the whole frame
  if (shape.decodable) return [Buffer.concat([Buffer.from([0x10]), keyframe ? realKeyframe : realInterFrame])];
  const count = keyframe ? shape.keyframePackets : shape.videoPacketsPerFrame;
  return Array.from({ length: count }, (_, index) => {
    const packet = Buffer.from(filler.subarray(0, shape.videoPayloadBytes));
    // payload descriptor: X=0 R=0 N=0 S=(first packet of the partition) PID=0
    packet[0] = index === 0 ? 0x10 : 0x00;
    if (index === 0) {
      // frame tag: bit 0 = P (0 for a keyframe), version 0, show_frame = 1
      packet[1] = keyframe ? 0x10 : 0x11;
      if (keyframe) {
        packet.set([0x9d, 0x01, 0x2a], 4); // start code
        packet.writeUInt16LE(640, 7);
        packet.writeUInt16LE(480, 9);
      }
    }
    return packet;
  });
}

/** true when a VP8 RTP payload starts a keyframe (reads the descriptor's extensions like a browser). */
export function isVp8KeyframeStart(payload: Buffer): boolean {
  return vp8KeyframeTag(payload) !== undefined;
}

/** The width a VP8 keyframe's header states (RFC 6386 9.1), when this payload starts a keyframe. */
export function vp8KeyframeWidth(payload: Buffer): number | undefined {
  const tag = vp8KeyframeTag(payload);
  if (tag === undefined || payload.length < tag + 10) return undefined;
  return payload.readUInt16LE(tag + 6) & 0x3fff; // after the 3-byte frame tag and the 3-byte start code
}

/** Offset of the VP8 frame tag when the payload starts a keyframe. */
function vp8KeyframeTag(payload: Buffer): number | undefined {
  if (payload.length < 2) return undefined;
  const first = payload[0]!;
  const start = (first & 0x10) !== 0 && (first & 0x07) === 0;
  if (!start) return undefined;
  let offset = 1;
  if (first & 0x80) {
    const flags = payload[offset++] ?? 0;
    if (flags & 0x80) offset += (payload[offset] ?? 0) & 0x80 ? 2 : 1; // I: picture id, 7 or 15 bits
    if (flags & 0x40) offset += 1; // L: TL0PICIDX
    if (flags & 0x30) offset += 1; // T or K: TID/Y/KEYIDX
  }
  const tag = payload[offset];
  return tag !== undefined && (tag & 0x01) === 0 ? offset : undefined;
}
