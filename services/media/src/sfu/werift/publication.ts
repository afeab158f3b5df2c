// One participant's publishing connection on the werift engine: the browser offers audio + video
// (sendonly), we answer recvonly, and every RTP packet that arrives is handed to the room, which
// fans it out to the subscriptions. Keyframe requests go back to the browser as PLI. A simulcast
// offer is answered for one layer (single-layer.ts).
import { RTCPeerConnection, type RTCRtpReceiver, type RtpPacket } from 'werift';
import { guarded, ignoreRejection, type SfuLogger } from '../guard';
import type { MediaKind, SfuEngineOptions } from '../types';
import { completeLocalSdp, weriftPeerConfig } from './peer-config';
import { assertUsableSdp } from './sdp-check';
import { singleLayerOffer } from './single-layer';

export interface PublicationEvents {
  /** an RTP packet of `kind` arrived from the publisher */
  rtp(publication: Publication, kind: MediaKind, packet: RtpPacket): void;
  /** the publisher's connection is up (a good moment to ask for a keyframe) */
  connected(publication: Publication): void;
  /** the connection failed or closed from the far side */
  gone(publication: Publication): void;
}

const isMediaKind = (kind: string): kind is MediaKind => kind === 'audio' || kind === 'video';

export class Publication {
  #closed = false;
  #connected = false;
  readonly #receivers = new Map<MediaKind, RTCRtpReceiver>();
  /** the publisher's SSRC per kind, learnt from its packets (the PLI must name it) */
  readonly #ssrcs = new Map<MediaKind, number>();
  /** a keyframe was asked for before the first video packet named the SSRC to ask */
  #keyframePending = false;

  private constructor(
    readonly participantId: string,
    private readonly pc: RTCPeerConnection,
  ) {}

  static async answer(
    participantId: string,
    offerSdp: string,
    options: SfuEngineOptions,
    logger: SfuLogger,
    events: PublicationEvents,
  ): Promise<{ publication: Publication; answerSdp: string }> {
    assertUsableSdp(offerSdp, 'the publish offer');
    const pc = new RTCPeerConnection(weriftPeerConfig(options, true));
    const publication = new Publication(participantId, pc);
    try {
      pc.ontrack = guarded(logger, `track from ${participantId}`, ({ track, receiver }) => {
        if (!isMediaKind(track.kind)) return;
        const kind = track.kind;
        publication.#receivers.set(kind, receiver);
        track.onReceiveRtp.subscribe(
          guarded(logger, `RTP from ${participantId}`, (packet: RtpPacket) => {
            if (publication.#closed) return;
            if (publication.#ssrcs.get(kind) !== packet.header.ssrc) {
              publication.#ssrcs.set(kind, packet.header.ssrc);
              if (kind === 'video' && publication.#keyframePending) publication.requestKeyframe();
            }
            events.rtp(publication, kind, packet);
          }),
        );
      });
      pc.connectionStateChange.subscribe(
        guarded(logger, `publication state of ${participantId}`, (state) => {
          if (publication.#closed) return;
          if (state === 'connected' && !publication.#connected) {
            publication.#connected = true;
            events.connected(publication);
          }
          if (state === 'failed' || state === 'closed') events.gone(publication);
        }),
      );
      // one layer only: see single-layer.ts
      await pc.setRemoteDescription({ type: 'offer', sdp: singleLayerOffer(offerSdp) });
      for (const transceiver of pc.getTransceivers()) transceiver.setDirection('recvonly');
      await pc.setLocalDescription(await pc.createAnswer());
      return { publication, answerSdp: await completeLocalSdp(pc, options) };
    } catch (error) {
      await publication.close();
      throw error;
    }
  }

  get connected(): boolean {
    return this.#connected && !this.#closed;
  }

  /** the kinds the publisher sends (its offer had them, whether or not packets flow yet) */
  get kinds(): MediaKind[] {
    return [...this.#receivers.keys()];
  }

  /** Asks the publisher's browser for a video keyframe (RTCP PLI). */
  requestKeyframe(): void {
    const receiver = this.#receivers.get('video');
    const ssrc = this.#ssrcs.get('video');
    if (this.#closed || !receiver) return;
    this.#keyframePending = ssrc === undefined;
    if (ssrc !== undefined) ignoreRejection(receiver.sendRtcpPLI(ssrc));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.pc.close().catch(() => undefined);
  }
}
