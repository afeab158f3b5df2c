// One (subscriber, publisher) connection on the werift engine: we offer an audio and a video sender,
// the subscriber answers, and the room hands us the publisher's packets to send on. werift's sender
// rewrites SSRC and payload type to what this connection negotiated (the subscriber's answer may
// number its codecs differently from the publisher's offer), keeps sequence numbers continuous when
// the source changes (a re-publish), and answers the subscriber's NACKs from its send cache.
import { randomUUID } from 'node:crypto';
import {
  RTCPeerConnection,
  RtcpPayloadSpecificFeedback,
  RtpHeader,
  RtpPacket,
  type RtcpPacket,
  type RTCRtpSender,
} from 'werift';
import { guarded, ignoreRejection, type SfuLogger } from '../guard';
import type { MediaKind, SfuEngineOptions } from '../types';
import { completeLocalSdp, weriftPeerConfig } from './peer-config';
import { assertUsableSdp } from './sdp-check';
import type { Publication } from './publication';

export interface SubscriptionEvents {
  /** the connection is up: media can flow and the publisher should send a keyframe */
  connected(subscription: Subscription): void;
  /** the subscriber asked for a keyframe (PLI or FIR) */
  keyframeRequested(subscription: Subscription): void;
  /** the connection failed or closed from the far side */
  gone(subscription: Subscription): void;
}

/**
 * The header's fields on a fresh RtpHeader, without extensions. RtpHeader's constructor defines each
 * field with Object.defineProperty, which costs ~6 µs a packet more than this per subscriber: a
 * measurable share of the engine's CPU (test/bench/media-engine.bench.ts).
 */
function headerCopy(header: RtpHeader): RtpHeader {
  const copy: RtpHeader = Object.assign(Object.create(RtpHeader.prototype) as RtpHeader, header);
  copy.extension = false;
  copy.extensions = [];
  return copy;
}

const firFormat = 4; // RFC 5104: PSFB FMT 4 is a Full Intra Request

export class Subscription {
  readonly id = randomUUID();
  #closed = false;
  #connected = false;
  #answered = false;
  /** the publication each kind's packets last came from: a new one means a new source */
  readonly #sources = new Map<MediaKind, Publication>();

  private constructor(
    readonly subscriberId: string,
    readonly publisherId: string,
    private readonly pc: RTCPeerConnection,
    private readonly senders: Record<MediaKind, RTCRtpSender>,
  ) {}

  static async offer(
    subscriberId: string,
    publisherId: string,
    options: SfuEngineOptions,
    logger: SfuLogger,
    events: SubscriptionEvents,
  ): Promise<{ subscription: Subscription; offerSdp: string }> {
    const pc = new RTCPeerConnection(weriftPeerConfig(options));
    const senders = {
      audio: pc.addTransceiver('audio', { direction: 'sendonly' }).sender,
      video: pc.addTransceiver('video', { direction: 'sendonly' }).sender,
    };
    const subscription = new Subscription(subscriberId, publisherId, pc, senders);
    const label = `subscription ${subscriberId} ← ${publisherId}`;
    try {
      const keyframeRequested = guarded(logger, `keyframe request on ${label}`, () => {
        if (!subscription.#closed) events.keyframeRequested(subscription);
      });
      senders.video.onPictureLossIndication.subscribe(keyframeRequested);
      senders.video.onRtcp.subscribe((packet: RtcpPacket) => {
        if (packet instanceof RtcpPayloadSpecificFeedback && packet.feedback?.count === firFormat) keyframeRequested();
      });
      pc.connectionStateChange.subscribe(
        guarded(logger, `state of ${label}`, (state) => {
          if (subscription.#closed) return;
          if (state === 'connected' && !subscription.#connected) {
            subscription.#connected = true;
            events.connected(subscription);
          }
          if (state === 'failed' || state === 'closed') events.gone(subscription);
        }),
      );
      await pc.setLocalDescription(await pc.createOffer());
      return { subscription, offerSdp: await completeLocalSdp(pc, options) };
    } catch (error) {
      await subscription.close();
      throw error;
    }
  }

  get connected(): boolean {
    return this.#connected && !this.#closed;
  }

  async answer(answerSdp: string): Promise<void> {
    if (this.#closed) throw new Error(`subscription ${this.id} is closed`);
    if (this.#answered) throw new Error(`subscription ${this.id} was already answered`);
    assertUsableSdp(answerSdp, 'the subscribe answer');
    this.#answered = true;
    try {
      await this.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
    } catch (error) {
      this.#answered = false;
      throw error;
    }
  }

  /**
   * Sends a copy of `packet` (from `source`) on this connection; false when nothing was sent.
   * The copy has a header of its own and no header extensions: werift's sender rewrites the header
   * in place, and the publisher's extension ids mean nothing on this connection.
   */
  forward(kind: MediaKind, packet: RtpPacket, source: Publication): boolean {
    if (!this.connected) return false;
    const sender = this.senders[kind];
    if (!sender.codec || sender.stopped) return false; // the subscriber declined this kind
    if (this.#sources.get(kind) !== source) {
      // a new source starts at its own sequence number and timestamp: let the sender stitch them on
      if (this.#sources.has(kind)) sender.replaceRTP(packet.header);
      this.#sources.set(kind, source);
    }
    ignoreRejection(sender.sendRtp(new RtpPacket(headerCopy(packet.header), packet.payload)));
    return true;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.pc.close().catch(() => undefined);
  }
}
