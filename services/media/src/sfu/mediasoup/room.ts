// A room on mediasoup: one router, the publications and subscriptions of one live interview. The
// worker forwards the media; this class keeps the book of who consumes whom, and swaps consumers when
// a publisher publishes again.
import type { types } from 'mediasoup';
import { guarded, RoomClosedError, UnknownSubscriptionError, type SfuLogger } from '../guard';
import type { RecorderFeedTarget, RoomStats, SfuRoom } from '../types';
import { MsRecorderFeed } from './recorder-feed';
import { PacketTally } from './packet-tally';
import { MsPublication, type MsPublicationEvents } from './publication';
import { MsSubscription, type MsSubscriptionEvents } from './subscription';
import { KeyedSerialQueue } from '../../serial-queue';

const statsPollMs = 1000;

export class MediasoupRoom implements SfuRoom {
  #closing: Promise<void> | undefined;
  readonly #publications = new Map<string, MsPublication>();
  readonly #subscriptions = new Map<string, MsSubscription>();
  readonly #muted = new Set<string>();
  readonly #feeds = new Map<string, MsRecorderFeed>();
  readonly #epochs = new Map<string, number>();
  /** one publish at a time per participant, so "the latest publish wins" is well defined */
  readonly #publishing = new KeyedSerialQueue();
  readonly #received = new PacketTally<types.Producer>();
  readonly #forwarded = new PacketTally<types.Consumer>();
  readonly #poll: NodeJS.Timeout;

  constructor(
    readonly id: string,
    private readonly router: types.Router,
    private readonly listenInfos: types.TransportListenInfo[],
    private readonly logger: SfuLogger,
    private readonly onClosed: () => void,
  ) {
    this.#poll = setInterval(
      guarded(logger, 'polling mediasoup stats', () => this.#pollStats()),
      statsPollMs,
    );
    this.#poll.unref();
  }

  readonly #publicationEvents: MsPublicationEvents = {
    gone: (publication) => {
      if (this.#publications.get(publication.participantId) !== publication) return;
      this.logger.info(
        { roomId: this.id, participantId: publication.participantId },
        'SFU: publication connection ended',
      );
      this.#publications.delete(publication.participantId);
      this.#closePublication(publication);
    },
  };

  readonly #subscriptionEvents: MsSubscriptionEvents = {
    consumerOpened: (consumer) => this.#forwarded.track(consumer),
    consumerClosed: (consumer) => this.#forwarded.retire(consumer),
    gone: (subscription) => {
      if (this.#subscriptions.get(subscription.id) !== subscription) return;
      this.logger.info({ roomId: this.id, subscriptionId: subscription.id }, 'SFU: subscription connection ended');
      this.#subscriptions.delete(subscription.id);
      subscription.close();
    },
  };

  async publish(participantId: string, offerSdp: string): Promise<{ answerSdp: string }> {
    this.#assertOpen();
    return this.#publishing.run(participantId, () => this.#publishNow(participantId, offerSdp));
  }

  async #publishNow(participantId: string, offerSdp: string): Promise<{ answerSdp: string }> {
    this.#assertOpen();
    const epoch = this.#epochs.get(participantId) ?? 0;
    const { publication, answerSdp } = await MsPublication.answer(
      participantId,
      offerSdp,
      this.router,
      this.listenInfos,
      this.#muted.has(participantId),
      this.logger,
      this.#publicationEvents,
    );
    if (this.#closing || (this.#epochs.get(participantId) ?? 0) !== epoch) {
      publication.close();
      throw this.#closing ? new RoomClosedError(this.id) : new Error(`${participantId} was removed while publishing`);
    }
    for (const producer of publication.producers.values()) this.#received.track(producer);
    const previous = this.#publications.get(participantId);
    this.#publications.set(participantId, publication);
    // existing subscriptions switch to the new producers before the old ones go away
    const subscriptions = [...this.#subscriptions.values()].filter((s) => s.publisherId === participantId);
    const feeds = [...this.#feeds.values()].filter((f) => f.participantId === participantId);
    await Promise.all([
      ...subscriptions.flatMap((s) => [...publication.producers.values()].map((producer) => s.attach(producer))),
      ...feeds.flatMap((f) => [...publication.producers.values()].map((producer) => f.attach(producer))),
    ]);
    if (previous) this.#closePublication(previous);
    // mute may have changed while the producers were being created
    await publication.setAudioMuted(this.#muted.has(participantId));
    return { answerSdp };
  }

  async subscribe(subscriberId: string, publisherId: string): Promise<{ subscriptionId: string; offerSdp: string }> {
    this.#assertOpen();
    const epochs = [this.#epochs.get(subscriberId) ?? 0, this.#epochs.get(publisherId) ?? 0];
    const producers = this.#publications.get(publisherId)?.producers ?? new Map();
    const { subscription, offerSdp } = await MsSubscription.offer(
      subscriberId,
      publisherId,
      this.router,
      this.listenInfos,
      producers,
      this.logger,
      this.#subscriptionEvents,
    );
    const removed =
      (this.#epochs.get(subscriberId) ?? 0) !== epochs[0] || (this.#epochs.get(publisherId) ?? 0) !== epochs[1];
    if (this.#closing || removed) {
      subscription.close();
      throw this.#closing ? new RoomClosedError(this.id) : new Error('a participant was removed while subscribing');
    }
    // the publisher may have published again while we were offering
    const current = this.#publications.get(publisherId)?.producers;
    if (current && current !== producers) for (const producer of current.values()) await subscription.attach(producer);
    const previous = [...this.#subscriptions.values()].filter(
      (s) => s.subscriberId === subscriberId && s.publisherId === publisherId,
    );
    this.#subscriptions.set(subscription.id, subscription);
    for (const old of previous) {
      this.#subscriptions.delete(old.id);
      old.close();
    }
    return { subscriptionId: subscription.id, offerSdp };
  }

  async answer(subscriptionId: string, answerSdp: string): Promise<void> {
    this.#assertOpen();
    const subscription = this.#subscriptions.get(subscriptionId);
    if (!subscription) throw new UnknownSubscriptionError(subscriptionId);
    await subscription.answer(answerSdp);
  }

  async setPreferredVideoLayer(subscriptionId: string, spatialLayer: number): Promise<void> {
    this.#assertOpen();
    const subscription = this.#subscriptions.get(subscriptionId);
    if (!subscription) throw new UnknownSubscriptionError(subscriptionId);
    await subscription.preferVideoLayer(Math.max(0, Math.floor(spatialLayer)));
  }

  setAudioMuted(participantId: string, muted: boolean): void {
    if (muted) this.#muted.add(participantId);
    else this.#muted.delete(participantId);
    const publication = this.#publications.get(participantId);
    publication
      ?.setAudioMuted(muted)
      .catch((error: unknown) =>
        this.logger.error({ err: error, participantId }, 'SFU: could not change server-side mute'),
      );
  }

  isAudioMuted(participantId: string): boolean {
    return this.#muted.has(participantId);
  }

  async startRecorderFeed(participantId: string, target: RecorderFeedTarget): Promise<{ feedId: string }> {
    this.#assertOpen();
    const epoch = this.#epochs.get(participantId) ?? 0;
    const producers = this.#publications.get(participantId)?.producers ?? new Map();
    const udp = this.listenInfos.find((info) => info.protocol === 'udp') ?? this.listenInfos[0]!;
    const feed = await MsRecorderFeed.open(participantId, target, this.router, udp, producers, this.logger);
    if (this.#closing || (this.#epochs.get(participantId) ?? 0) !== epoch) {
      feed.close();
      throw this.#closing ? new RoomClosedError(this.id) : new Error(`${participantId} was removed meanwhile`);
    }
    // the participant may have published again while the feed was opening
    const current = this.#publications.get(participantId)?.producers;
    if (current && current !== producers) for (const producer of current.values()) await feed.attach(producer);
    this.#feeds.set(feed.id, feed);
    return { feedId: feed.id };
  }

  async stopRecorderFeed(feedId: string): Promise<void> {
    this.#feeds.get(feedId)?.close();
    this.#feeds.delete(feedId);
  }

  recorderFeeds(): { feedId: string; participantId: string }[] {
    return [...this.#feeds.values()].map((feed) => ({ feedId: feed.id, participantId: feed.participantId }));
  }

  publishers(): string[] {
    return [...this.#publications.keys()];
  }

  async unsubscribe(subscriptionId: string): Promise<void> {
    const subscription = this.#subscriptions.get(subscriptionId);
    if (!subscription) return;
    this.#subscriptions.delete(subscriptionId);
    subscription.close();
  }

  async removeParticipant(participantId: string): Promise<void> {
    this.#epochs.set(participantId, (this.#epochs.get(participantId) ?? 0) + 1);
    this.#muted.delete(participantId);
    const publication = this.#publications.get(participantId);
    this.#publications.delete(participantId);
    if (publication) this.#closePublication(publication);
    for (const feed of [...this.#feeds.values()])
      if (feed.participantId === participantId) await this.stopRecorderFeed(feed.id);
    for (const subscription of [...this.#subscriptions.values()])
      if (subscription.subscriberId === participantId || subscription.publisherId === participantId) {
        this.#subscriptions.delete(subscription.id);
        subscription.close();
      }
  }

  stats(): RoomStats {
    let forwardedTracks = 0;
    for (const subscription of this.#subscriptions.values())
      for (const consumer of subscription.consumers)
        if (!consumer.closed && !consumer.paused && !consumer.producerPaused) forwardedTracks++;
    return {
      publishers: this.#publications.size,
      subscriptions: this.#subscriptions.size,
      forwardedTracks,
      packetsForwarded: this.#forwarded.total,
      packetsReceived: this.#received.total,
    };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearInterval(this.#poll);
      for (const subscription of this.#subscriptions.values()) subscription.close();
      for (const publication of this.#publications.values()) publication.close();
      for (const feed of this.#feeds.values()) feed.close();
      this.#feeds.clear();
      this.#subscriptions.clear();
      this.#publications.clear();
      this.router.close();
      this.onClosed();
    })();
    return this.#closing;
  }

  #closePublication(publication: MsPublication): void {
    for (const producer of publication.producers.values()) this.#received.retire(producer);
    publication.close();
  }

  #assertOpen(): void {
    if (this.#closing) throw new RoomClosedError(this.id);
  }

  async #pollStats(): Promise<void> {
    const read = async <K extends types.Producer | types.Consumer>(tally: PacketTally<K>, type: string) =>
      Promise.all(
        tally.keys().map(async (key) => {
          if (key.closed) return;
          const stats = (await key.getStats().catch(() => [])) as { type: string; packetCount?: number }[];
          const count = stats.filter((s) => s.type === type).reduce((sum, s) => sum + (s.packetCount ?? 0), 0);
          tally.update(key, count);
        }),
      );
    await Promise.all([read(this.#received, 'inbound-rtp'), read(this.#forwarded, 'outbound-rtp')]);
  }
}
