// A room on the werift engine: the publications and subscriptions of one live interview, and the
// fan-out between them. Everything happens on the Node event loop, so the fan-out is a plain loop
// over the publisher's subscriptions: no locks, and a packet is either forwarded to all of them or
// (room closing) to none.
import type { RtpPacket } from 'werift';
import { RoomClosedError, UnknownSubscriptionError, type SfuLogger } from '../guard';
import type { MediaKind, RecorderFeedTarget, RoomStats, SfuEngineOptions, SfuRoom } from '../types';
import { RecorderFeed } from './recorder-feed';
import { Publication, type PublicationEvents } from './publication';
import { Subscription, type SubscriptionEvents } from './subscription';
import { KeyedSerialQueue } from '../../serial-queue';

const noSubscriptions: ReadonlySet<Subscription> = new Set();

export class WeriftRoom implements SfuRoom {
  #closing: Promise<void> | undefined;
  readonly #publications = new Map<string, Publication>();
  readonly #subscriptions = new Map<string, Subscription>();
  /** subscriptions by publisher, for the fan-out */
  readonly #subscribersOf = new Map<string, Set<Subscription>>();
  readonly #muted = new Set<string>();
  readonly #feeds = new Map<string, RecorderFeed>();
  /** bumped by removeParticipant: a publish that was negotiating meanwhile must not come back */
  readonly #epochs = new Map<string, number>();
  /** one publish at a time per participant, so "the latest publish wins" is well defined */
  readonly #publishing = new KeyedSerialQueue();
  #packetsReceived = 0;
  #packetsForwarded = 0;

  constructor(
    readonly id: string,
    private readonly options: SfuEngineOptions,
    private readonly logger: SfuLogger,
    private readonly onClosed: () => void,
  ) {}

  readonly #publicationEvents: PublicationEvents = {
    rtp: (publication, kind, packet) => this.#fanOut(publication, kind, packet),
    connected: (publication) => {
      if (
        this.#isCurrent(publication) &&
        ([...this.#subscriptionsOf(publication.participantId)].some((s) => s.connected) ||
          this.#feedsOf(publication.participantId).length > 0)
      )
        publication.requestKeyframe();
    },
    gone: (publication) => {
      if (!this.#isCurrent(publication)) return;
      this.logger.info(
        { roomId: this.id, participantId: publication.participantId },
        'SFU: publication connection ended',
      );
      this.#publications.delete(publication.participantId);
      void publication.close();
    },
  };

  readonly #subscriptionEvents: SubscriptionEvents = {
    connected: (subscription) => this.#publications.get(subscription.publisherId)?.requestKeyframe(),
    keyframeRequested: (subscription) => this.#publications.get(subscription.publisherId)?.requestKeyframe(),
    gone: (subscription) => {
      if (this.#subscriptions.get(subscription.id) !== subscription) return;
      this.logger.info({ roomId: this.id, subscriptionId: subscription.id }, 'SFU: subscription connection ended');
      void this.#drop(subscription);
    },
  };

  async publish(participantId: string, offerSdp: string): Promise<{ answerSdp: string }> {
    this.#assertOpen();
    return this.#publishing.run(participantId, () => this.#publishNow(participantId, offerSdp));
  }

  async #publishNow(participantId: string, offerSdp: string): Promise<{ answerSdp: string }> {
    this.#assertOpen();
    const epoch = this.#epochs.get(participantId) ?? 0;
    const { publication, answerSdp } = await Publication.answer(
      participantId,
      offerSdp,
      this.options,
      this.logger,
      this.#publicationEvents,
    );
    if (this.#closing || (this.#epochs.get(participantId) ?? 0) !== epoch) {
      await publication.close();
      throw this.#closing ? new RoomClosedError(this.id) : new Error(`${participantId} was removed while publishing`);
    }
    const previous = this.#publications.get(participantId);
    this.#publications.set(participantId, publication);
    await previous?.close();
    return { answerSdp };
  }

  async subscribe(subscriberId: string, publisherId: string): Promise<{ subscriptionId: string; offerSdp: string }> {
    this.#assertOpen();
    const epochs = [this.#epochs.get(subscriberId) ?? 0, this.#epochs.get(publisherId) ?? 0];
    const { subscription, offerSdp } = await Subscription.offer(
      subscriberId,
      publisherId,
      this.options,
      this.logger,
      this.#subscriptionEvents,
    );
    const removed =
      (this.#epochs.get(subscriberId) ?? 0) !== epochs[0] || (this.#epochs.get(publisherId) ?? 0) !== epochs[1];
    if (this.#closing || removed) {
      await subscription.close();
      throw this.#closing ? new RoomClosedError(this.id) : new Error(`a participant was removed while subscribing`);
    }
    // one connection per (subscriber, publisher): a new subscribe replaces the old one
    const previous = [...this.#subscriptionsOf(publisherId)].filter((s) => s.subscriberId === subscriberId);
    this.#subscriptions.set(subscription.id, subscription);
    const ofPublisher = this.#subscribersOf.get(publisherId) ?? new Set();
    this.#subscribersOf.set(publisherId, ofPublisher.add(subscription));
    await Promise.all(previous.map((old) => this.#drop(old)));
    return { subscriptionId: subscription.id, offerSdp };
  }

  async answer(subscriptionId: string, answerSdp: string): Promise<void> {
    this.#assertOpen();
    const subscription = this.#subscriptions.get(subscriptionId);
    if (!subscription) throw new UnknownSubscriptionError(subscriptionId);
    await subscription.answer(answerSdp);
  }

  /** werift forwards the one layer it asks publishers for (single-layer.ts): nothing to choose. */
  async setPreferredVideoLayer(subscriptionId: string): Promise<void> {
    this.#assertOpen();
    if (!this.#subscriptions.has(subscriptionId)) throw new UnknownSubscriptionError(subscriptionId);
  }

  setAudioMuted(participantId: string, muted: boolean): void {
    if (muted) this.#muted.add(participantId);
    else this.#muted.delete(participantId);
  }

  isAudioMuted(participantId: string): boolean {
    return this.#muted.has(participantId);
  }

  async startRecorderFeed(participantId: string, target: RecorderFeedTarget): Promise<{ feedId: string }> {
    this.#assertOpen();
    const feed = new RecorderFeed(participantId, target, this.logger);
    this.#feeds.set(feed.id, feed);
    // the recorder can start a file only at a keyframe (before they publish, the publication asks
    // for one when it connects)
    this.#publications.get(participantId)?.requestKeyframe();
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
    if (subscription) await this.#drop(subscription);
  }

  async removeParticipant(participantId: string): Promise<void> {
    this.#epochs.set(participantId, (this.#epochs.get(participantId) ?? 0) + 1);
    this.#muted.delete(participantId);
    const publication = this.#publications.get(participantId);
    this.#publications.delete(participantId);
    for (const feed of this.#feedsOf(participantId)) await this.stopRecorderFeed(feed.id);
    const subscriptions = [...this.#subscriptions.values()].filter(
      (s) => s.subscriberId === participantId || s.publisherId === participantId,
    );
    await Promise.all([publication?.close(), ...subscriptions.map((s) => this.#drop(s))]);
  }

  stats(): RoomStats {
    let forwardedTracks = 0;
    for (const subscription of this.#subscriptions.values()) {
      const publication = this.#publications.get(subscription.publisherId);
      if (!subscription.connected || !publication) continue;
      for (const kind of publication.kinds)
        if (!(kind === 'audio' && this.#muted.has(subscription.publisherId))) forwardedTracks++;
    }
    return {
      publishers: this.#publications.size,
      subscriptions: this.#subscriptions.size,
      forwardedTracks,
      packetsForwarded: this.#packetsForwarded,
      packetsReceived: this.#packetsReceived,
    };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      const all = [...this.#subscriptions.values(), ...this.#publications.values()];
      this.#subscriptions.clear();
      this.#subscribersOf.clear();
      this.#publications.clear();
      for (const feed of this.#feeds.values()) feed.close();
      this.#feeds.clear();
      await Promise.all(all.map((connection) => connection.close()));
      this.onClosed();
    })();
    return this.#closing;
  }

  #fanOut(publication: Publication, kind: MediaKind, packet: RtpPacket): void {
    if (!this.#isCurrent(publication)) return;
    this.#packetsReceived++;
    // padding-only packets are the browser probing bandwidth towards us, not media
    if (packet.payload.length === 0) return;
    if (kind === 'audio' && this.#muted.has(publication.participantId)) return;
    for (const subscription of this.#subscriptionsOf(publication.participantId))
      if (subscription.forward(kind, packet, publication)) this.#packetsForwarded++;
    // recorder feeds are not subscribers: stats() counts what reaches people
    if (this.#feeds.size > 0)
      for (const feed of this.#feedsOf(publication.participantId)) feed.forward(kind, packet, publication);
  }

  #feedsOf(participantId: string): RecorderFeed[] {
    // a room has a handful of feeds at most: a scan costs less than keeping a second index right
    return [...this.#feeds.values()].filter((feed) => feed.participantId === participantId);
  }

  #isCurrent(publication: Publication): boolean {
    return this.#publications.get(publication.participantId) === publication;
  }

  #subscriptionsOf(publisherId: string): ReadonlySet<Subscription> {
    return this.#subscribersOf.get(publisherId) ?? noSubscriptions;
  }

  async #drop(subscription: Subscription): Promise<void> {
    this.#subscriptions.delete(subscription.id);
    const set = this.#subscribersOf.get(subscription.publisherId);
    set?.delete(subscription);
    if (set?.size === 0) this.#subscribersOf.delete(subscription.publisherId);
    await subscription.close();
  }

  #assertOpen(): void {
    if (this.#closing) throw new RoomClosedError(this.id);
  }
}
