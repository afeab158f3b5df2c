// One (subscriber, publisher) connection on mediasoup: a WebRtcTransport with one m-line per kind
// and a Consumer per kind the publisher currently produces. Consumers are created paused and resumed
// once the browser's DTLS is up (then the first packets it gets start with a keyframe, which mediasoup
// requests on resume; we ask again explicitly). A re-publish swaps the consumer behind an m-line.
//
// The offer announces no SSRC (no a=ssrc lines), on purpose: mediasoup gives every consumer a fresh
// SSRC (it cannot be chosen), so the stream behind an m-line changes SSRC whenever the publisher
// publishes again, and a subscription made before the publisher published has no SSRC to announce.
// Browsers route an unannounced stream by its MID header extension (RFC 8843) and follow it when its
// SSRC changes; a stream whose m-line announced another SSRC is not rendered by Chromium (measured:
// engine-chromium.e2e.spec.ts, "keeps rendering … across a re-publish"). So the browser never
// needs a renegotiation when the publisher comes back.
//
// A simulcast publisher's video is consumed as one layer (the consumer is of type 'simulcast'): the
// top one unless the room asked for another (preferVideoLayer). The worker switches layers itself at
// keyframes, and stays below the preferred one while the transport-cc bandwidth estimate of this
// subscriber's connection cannot carry it.
import { randomUUID } from 'node:crypto';
import type { types } from 'mediasoup';
import { guarded, type SfuLogger } from '../guard';
import type { MediaKind } from '../types';
import { buildSubscribeOffer, parseSubscribeAnswer, routerSendParameters, type SubscribeMedia } from './sdp';

export interface MsSubscriptionEvents {
  consumerOpened(consumer: types.Consumer): void;
  consumerClosed(consumer: types.Consumer): void;
  gone(subscription: MsSubscription): void;
}

const mids: Record<MediaKind, string> = { audio: '0', video: '1' };
const kinds: MediaKind[] = ['audio', 'video'];

export class MsSubscription {
  readonly id = randomUUID();
  #closed = false;
  #connected = false;
  #answered = false;
  readonly #consumers = new Map<MediaKind, types.Consumer>();
  /** kinds the browser's answer refused: nothing is consumed for them */
  readonly #refused = new Set<MediaKind>();
  /** the simulcast layer asked for; undefined: the top (mediasoup's default) */
  #videoLayer: number | undefined;

  private constructor(
    readonly subscriberId: string,
    readonly publisherId: string,
    private readonly router: types.Router,
    private readonly transport: types.WebRtcTransport,
    private readonly logger: SfuLogger,
    private readonly events: MsSubscriptionEvents,
  ) {}

  static async offer(
    subscriberId: string,
    publisherId: string,
    router: types.Router,
    listenInfos: types.TransportListenInfo[],
    producers: ReadonlyMap<MediaKind, types.Producer>,
    logger: SfuLogger,
    events: MsSubscriptionEvents,
  ): Promise<{ subscription: MsSubscription; offerSdp: string }> {
    const transport = await router.createWebRtcTransport({
      listenInfos,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
    });
    const subscription = new MsSubscription(subscriberId, publisherId, router, transport, logger, events);
    try {
      transport.on(
        'dtlsstatechange',
        guarded(logger, `state of subscription ${subscriberId} ← ${publisherId}`, (state: types.DtlsState) => {
          if (subscription.#closed) return;
          if (state === 'connected' && !subscription.#connected) {
            subscription.#connected = true;
            for (const consumer of subscription.#consumers.values()) void subscription.#start(consumer);
          }
          if (state === 'failed' || state === 'closed') events.gone(subscription);
        }),
      );
      for (const [, producer] of producers) await subscription.attach(producer);
      const streamId = `candor-${subscription.id.slice(0, 8)}`;
      // no `stream` (a=ssrc): see the header
      const media = kinds.map((kind): SubscribeMedia => ({
        kind,
        mid: mids[kind],
        rtpParameters:
          subscription.#consumers.get(kind)?.rtpParameters ?? routerSendParameters(router.rtpCapabilities, kind),
        msid: { streamId, trackId: `${streamId}-${kind}` },
      }));
      return { subscription, offerSdp: buildSubscribeOffer(media, transport) };
    } catch (error) {
      subscription.close();
      throw error;
    }
  }

  get consumers(): types.Consumer[] {
    return [...this.#consumers.values()];
  }

  /** Consumes `producer` behind its kind's m-line (replacing what was there), paused until connected. */
  async attach(producer: types.Producer): Promise<void> {
    const kind = producer.kind;
    if (this.#closed || this.#refused.has(kind)) return;
    // one consumer per m-line (they share its MID): the previous publication's goes first
    this.#consumers.get(kind)?.close();
    const consumer = await this.transport.consume({
      producerId: producer.id,
      // exactly what our offer listed for the m-line, so the browser's answer cannot disagree
      rtpCapabilities: this.router.rtpCapabilities,
      paused: true,
      mid: mids[kind],
      ...(kind === 'video' && this.#videoLayer !== undefined
        ? { preferredLayers: { spatialLayer: this.#videoLayer } }
        : {}),
    });
    if (this.#closed) {
      consumer.close();
      return;
    }
    this.#consumers.get(kind)?.close(); // a concurrent attach for the same kind lost the race
    this.#consumers.set(kind, consumer);
    this.events.consumerOpened(consumer);
    const forget = () => {
      if (this.#consumers.get(kind) === consumer) this.#consumers.delete(kind);
      this.events.consumerClosed(consumer);
    };
    consumer.observer.once('close', guarded(this.logger, 'consumer close', forget));
    if (this.#connected) await this.#start(consumer);
  }

  /** The simulcast layer to forward from now on (and from the publisher's later publications). */
  async preferVideoLayer(spatialLayer: number): Promise<void> {
    this.#videoLayer = spatialLayer;
    const video = this.#consumers.get('video');
    // a single-layer producer's consumer is 'simple': it has no layers to choose from
    if (!video || video.closed || video.type !== 'simulcast') return;
    await video.setPreferredLayers({ spatialLayer }); // the worker caps it at the top layer
  }

  async answer(answerSdp: string): Promise<void> {
    if (this.#closed) throw new Error(`subscription ${this.id} is closed`);
    if (this.#answered) throw new Error(`subscription ${this.id} was already answered`);
    this.#answered = true;
    const answer = parseSubscribeAnswer(
      answerSdp,
      kinds.map((kind) => mids[kind]),
    );
    for (const kind of kinds)
      if (answer.refusedMids.has(mids[kind])) {
        this.#refused.add(kind);
        this.#consumers.get(kind)?.close();
      }
    await this.transport.connect({ dtlsParameters: answer.dtlsParameters });
  }

  async #start(consumer: types.Consumer): Promise<void> {
    try {
      if (consumer.closed) return;
      await consumer.resume();
      if (consumer.kind === 'video') await consumer.requestKeyFrame();
    } catch (error) {
      if (!consumer.closed)
        this.logger.warn({ err: error, subscriptionId: this.id }, 'SFU: could not start a consumer');
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.transport.close(); // closes the consumers
  }
}
