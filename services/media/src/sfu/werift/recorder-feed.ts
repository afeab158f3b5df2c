// One recorder feed on the werift engine: a participant's RTP, sent on as plain RTP over UDP to a
// recorder (one port per kind), numbered the way contracts' `recorderRtp` says so the recorder's
// SDP, written in advance, describes it. Each packet sent is a fresh one (werift hands the same
// packet object to every subscription): its own header with our SSRC and payload type, no header
// extensions (the recorder's SDP declares none), the publisher's payload bytes.
//
// Sequence numbers and timestamps are rewritten to stay continuous when the source changes (a
// re-publish starts at its own random ones): ffmpeg's RTP demuxer takes a jump for a huge loss or a
// reordering and would drop or misplace what follows. Within one source they keep their spacing.
import { randomBytes, randomUUID } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { recorderRtp } from '@candor/contracts';
import { RtpHeader, RtpPacket } from 'werift';
import type { SfuLogger } from '../guard';
import type { MediaKind, RecorderFeedTarget } from '../types';
import type { Publication } from './publication';

/** Renumbers one kind's packets onto one continuous outgoing stream. */
class RtpRenumbering {
  readonly #ssrc = randomBytes(4).readUInt32BE(0);
  #source: Publication | undefined;
  #sequenceOffset = 0;
  #timestampOffset = 0;
  #last: { sequence: number; timestamp: number; at: number } | undefined;

  constructor(
    private readonly payloadType: number,
    private readonly clockRate: number,
  ) {}

  header(source: Publication, header: RtpHeader, now: number): RtpHeader {
    if (source !== this.#source) {
      this.#source = source;
      if (this.#last) {
        // the new source continues one packet and the elapsed wall time after the last one sent
        const elapsed = Math.max(1, Math.round(((now - this.#last.at) / 1000) * this.clockRate));
        this.#sequenceOffset = (this.#last.sequence + 1 - header.sequenceNumber) & 0xffff;
        this.#timestampOffset = (this.#last.timestamp + elapsed - header.timestamp) >>> 0;
      } else {
        this.#sequenceOffset = randomBytes(2).readUInt16BE(0);
        this.#timestampOffset = randomBytes(4).readUInt32BE(0);
      }
    }
    const sequenceNumber = (header.sequenceNumber + this.#sequenceOffset) & 0xffff;
    const timestamp = (header.timestamp + this.#timestampOffset) >>> 0;
    this.#last = { sequence: sequenceNumber, timestamp, at: now };
    return new RtpHeader({
      payloadType: this.payloadType,
      sequenceNumber,
      timestamp,
      ssrc: this.#ssrc,
      marker: header.marker,
    });
  }
}

export class RecorderFeed {
  readonly id = randomUUID();
  #closed = false;
  readonly #socket: Socket;
  readonly #streams: Record<MediaKind, RtpRenumbering> = {
    video: new RtpRenumbering(recorderRtp.video.payloadType, recorderRtp.video.clockRate),
    audio: new RtpRenumbering(recorderRtp.audio.payloadType, recorderRtp.audio.clockRate),
  };

  constructor(
    readonly participantId: string,
    private readonly target: RecorderFeedTarget,
    logger: SfuLogger,
  ) {
    const family = isIP(target.ip);
    if (family === 0) throw new Error(`a recorder feed needs an IP address, not ${JSON.stringify(target.ip)}`);
    for (const port of [target.videoPort, target.audioPort])
      if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`bad recorder port ${port}`);
    this.#socket = createSocket(family === 6 ? 'udp6' : 'udp4');
    // a recorder that went away answers with ICMP; that is its business, not a reason to crash
    this.#socket.on('error', (error) =>
      logger.warn({ err: error, participantId, feedId: this.id }, 'SFU: recorder feed socket error'),
    );
  }

  /** Sends a copy of `packet` (from `source`) to the recorder. */
  forward(kind: MediaKind, packet: RtpPacket, source: Publication): boolean {
    if (this.#closed) return false;
    const header = this.#streams[kind].header(source, packet.header, performance.now());
    const bytes = new RtpPacket(header, packet.payload).serialize();
    this.#socket.send(bytes, kind === 'video' ? this.target.videoPort : this.target.audioPort, this.target.ip);
    return true;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.close();
  }
}
