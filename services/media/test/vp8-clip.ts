// Real VP8 for synthetic publishers: ffmpeg (libvpx, real-time settings) encodes a moving test
// pattern at a layer's size and bitrate into an IVF file; the frames are then looped and cut into RTP
// payloads (RFC 7741: a one-byte payload descriptor, S=1 on a frame's first packet, at most
// `maxPayload` bytes each). The clip's keyframes come where the encoder put them (-g), not on request:
// a receiver that asks for one waits for the next, at most one keyframe interval.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface Vp8Clip {
  frames: Buffer[];
  /** indices of the keyframes */
  keyframes: number[];
}

/** Encodes `seconds` of ffmpeg's testsrc2 at this size and bitrate (CBR, like a browser's encoder). */
export async function encodeVp8Clip(options: {
  dir: string;
  width: number;
  height: number;
  kbps: number;
  seconds: number;
  fps: number;
  keyframeInterval: number;
  ffmpeg?: string;
}): Promise<Vp8Clip> {
  const file = join(options.dir, `clip-${options.width}x${options.height}-${options.kbps}k.ivf`);
  const rate = `${options.kbps}k`;
  await promisify(execFile)(options.ffmpeg ?? 'ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=${options.width}x${options.height}:rate=${options.fps}`],
    ...['-t', String(options.seconds), '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8'],
    ...['-b:v', rate, '-minrate', rate, '-maxrate', rate, '-lag-in-frames', '0', '-error-resilient', '1'],
    ...['-g', String(options.keyframeInterval), '-f', 'ivf', file],
  ]);
  return readIvf(readFileSync(file));
}

/** The frames of an IVF file (32-byte file header, then a 12-byte header before each frame). */
export function readIvf(data: Buffer): Vp8Clip {
  if (data.subarray(0, 4).toString('latin1') !== 'DKIF') throw new Error('not an IVF file');
  const headerSize = data.readUInt16LE(6);
  const frames: Buffer[] = [];
  const keyframes: number[] = [];
  for (let offset = headerSize; offset + 12 <= data.length; ) {
    const size = data.readUInt32LE(offset);
    const frame = data.subarray(offset + 12, offset + 12 + size);
    if ((frame[0]! & 0x01) === 0) keyframes.push(frames.length);
    frames.push(frame);
    offset += 12 + size;
  }
  return { frames, keyframes };
}

/** One frame's RTP payloads: the frame cut into pieces of at most `maxPayload` bytes, each with its descriptor. */
export function packetizeVp8(frame: Buffer, maxPayload = 1100): Buffer[] {
  const packets: Buffer[] = [];
  for (let offset = 0; offset < frame.length; offset += maxPayload - 1) {
    const descriptor = Buffer.from([offset === 0 ? 0x10 : 0x00]);
    packets.push(Buffer.concat([descriptor, frame.subarray(offset, offset + maxPayload - 1)]));
  }
  return packets;
}

/** A looping reader of a clip: each call gives the next frame's payloads. */
export function clipPlayer(clip: Vp8Clip, startAt = 0): () => Buffer[] {
  let next = startAt % clip.frames.length;
  return () => {
    const frame = clip.frames[next]!;
    next = (next + 1) % clip.frames.length;
    return packetizeVp8(frame);
  };
}
