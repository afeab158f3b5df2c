// One participant's publishing connection on mediasoup: a WebRtcTransport and one Producer per
// kind the browser offered. Server-side mute is the audio producer paused: the worker then forwards
// none of its packets to any consumer.
import type { types } from 'mediasoup';
import { guarded, type SfuLogger } from '../guard';
import type { MediaKind } from '../types';
import { buildPublishAnswer, parsePublishOffer } from './sdp';

export interface MsPublicationEvents {
  /** the browser's connection failed or closed */
  gone(publication: MsPublication): void;
}

export class MsPublication {
  #closed = false;

  private constructor(
    readonly participantId: string,
    private readonly transport: types.WebRtcTransport,
    readonly producers: ReadonlyMap<MediaKind, types.Producer>,
  ) {}

  static async answer(
    participantId: string,
    offerSdp: string,
    router: types.Router,
    listenInfos: types.TransportListenInfo[],
    audioMuted: boolean,
    logger: SfuLogger,
    events: MsPublicationEvents,
  ): Promise<{ publication: MsPublication; answerSdp: string }> {
    const offer = parsePublishOffer(offerSdp, router.rtpCapabilities);
    const accepted = offer.media.filter((m) => m.accepted);
    if (accepted.length === 0)
      throw new Error(
        `the offer publishes nothing the SFU can receive: ${offer.media.map((m) => (m.accepted ? '' : m.reason)).join('; ')}`,
      );
    const transport = await router.createWebRtcTransport({
      listenInfos,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
    });
    try {
      const producers = new Map<MediaKind, types.Producer>();
      for (const m of accepted)
        producers.set(
          m.kind,
          await transport.produce({
            kind: m.kind,
            rtpParameters: m.rtpParameters,
            paused: m.kind === 'audio' && audioMuted,
          }),
        );
      const publication = new MsPublication(participantId, transport, producers);
      transport.on(
        'dtlsstatechange',
        guarded(logger, `publication state of ${participantId}`, (state: types.DtlsState) => {
          if (!publication.#closed && (state === 'failed' || state === 'closed')) events.gone(publication);
        }),
      );
      const answerSdp = buildPublishAnswer(offer, transport);
      await transport.connect({ dtlsParameters: offer.dtlsParameters });
      return { publication, answerSdp };
    } catch (error) {
      transport.close();
      throw error;
    }
  }

  get kinds(): MediaKind[] {
    return [...this.producers.keys()];
  }

  async setAudioMuted(muted: boolean): Promise<void> {
    const audio = this.producers.get('audio');
    if (!audio || audio.closed) return;
    if (muted) await audio.pause();
    else await audio.resume();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.transport.close(); // closes its producers, and with them every consumer of them
  }
}
