// A live room's media on the SFU: the engine room (opened for the first participant in the room,
// closed when the last one leaves) and the subscriptions between participants, each one known with
// its subscriber, so only that subscriber may answer it and the others hear when it goes. Each
// subscription asks for the simulcast layer that fits the subscriber's view (video-layers.ts): by
// roles until the subscriber's page reports the tile's size, then by that size. The latest view per
// (subscriber, publisher) is kept, so a re-subscription (the publisher came back, the subscriber
// reconnected) starts at the layer the page last asked for.
import type { IceServer } from '@candor/contracts';
import type { Logger } from '@candor/runtime';
import type { SfuEngine, SfuRoom } from '../sfu/types';
import type { LiveParticipant } from './participant';
import { videoLayerFor, videoLayerForView, type TileView } from './video-layers';

interface Subscription {
  subscriberId: string;
  publisherId: string;
  /** the layer asked of the engine last */
  layer?: number;
}

export class RoomMedia {
  #opening: Promise<SfuRoom> | undefined;
  /** the same room once open, for media messages that must not wait behind membership changes */
  #room: SfuRoom | undefined;
  readonly #subscriptions = new Map<string, Subscription>();
  /** the latest tile size each subscriber reported per publisher, keyed `subscriber\0publisher` */
  readonly #views = new Map<string, TileView>();

  constructor(
    private readonly roomId: string,
    private readonly engine: SfuEngine,
    private readonly logger: Logger,
    /** fresh TURN credentials for a subscriber's new connection */
    private readonly iceServers: (participantId: string) => IceServer[] = () => [],
  ) {}

  /** The engine room now, if open. */
  get room(): SfuRoom | undefined {
    return this.#room;
  }

  /** Opens the engine room once (callers are serialised by the live room's queue). */
  open(): Promise<SfuRoom> {
    this.#opening ??= this.engine.createRoom(this.roomId).then(
      (room) => (this.#room = room),
      (error: unknown) => {
        this.#opening = undefined;
        throw error;
      },
    );
    return this.#opening;
  }

  /** Media both ways between a participant now in the room and each of the others. */
  async connect(participant: LiveParticipant, others: LiveParticipant[]): Promise<void> {
    const room = await this.open();
    await Promise.all(
      others.flatMap((other) => [this.#subscribe(room, participant, other), this.#subscribe(room, other, participant)]),
    );
  }

  /** Whether this subscription exists and belongs to this subscriber. */
  belongsTo(subscriptionId: string, subscriberId: string): boolean {
    return this.#subscriptions.get(subscriptionId)?.subscriberId === subscriberId;
  }

  /**
   * The subscriber's page shows `publisherId` at this size now: its subscription (if any) asks for
   * the layer that covers it. Kept for later subscriptions between the two.
   */
  async setView(subscriberId: string, publisherId: string, view: TileView): Promise<void> {
    this.#views.set(viewKey(subscriberId, publisherId), { width: view.width, height: view.height });
    const room = this.#room;
    if (!room) return;
    const layer = videoLayerForView(view);
    for (const [subscriptionId, subscription] of this.#subscriptions) {
      if (subscription.subscriberId !== subscriberId || subscription.publisherId !== publisherId) continue;
      // a page reports every size it settles on: the engine hears only of a change of layer
      if (subscription.layer === layer) continue;
      subscription.layer = layer;
      await room
        .setPreferredVideoLayer(subscriptionId, layer)
        // the subscription went meanwhile (its publisher left): nothing left to choose for
        .catch((error: unknown) => {
          if (this.#subscriptions.has(subscriptionId)) throw error;
        });
    }
  }

  /** Drops a participant's media; `unsubscribed` tells each remaining subscriber which subscription went. */
  async remove(
    participantId: string,
    unsubscribed: (subscriberId: string, subscriptionId: string) => void,
  ): Promise<void> {
    for (const [subscriptionId, subscription] of this.#subscriptions) {
      if (subscription.subscriberId !== participantId && subscription.publisherId !== participantId) continue;
      this.#subscriptions.delete(subscriptionId);
      if (subscription.subscriberId !== participantId) unsubscribed(subscription.subscriberId, subscriptionId);
    }
    for (const key of this.#views.keys()) if (key.split('\0').includes(participantId)) this.#views.delete(key);
    await this.#room
      ?.removeParticipant(participantId)
      .catch((error: unknown) => this.logger.warn({ err: error, roomId: this.roomId }, 'SFU clean-up failed'));
  }

  async close(): Promise<void> {
    const opening = this.#opening;
    this.#opening = undefined;
    this.#room = undefined;
    this.#subscriptions.clear();
    this.#views.clear();
    const room = await opening?.catch(() => undefined);
    await room
      ?.close()
      .catch((error: unknown) => this.logger.warn({ err: error, roomId: this.roomId }, 'closing the SFU room failed'));
  }

  async #subscribe(room: SfuRoom, subscriber: LiveParticipant, publisher: LiveParticipant): Promise<void> {
    if (!subscriber.grants.subscribe || !publisher.grants.publish) return;
    let subscriptionId: string | undefined;
    try {
      const offer = await room.subscribe(subscriber.participantId, publisher.participantId);
      subscriptionId = offer.subscriptionId;
      // known before the layer is asked for, so a view reported meanwhile is applied after ours
      const view = this.#views.get(viewKey(subscriber.participantId, publisher.participantId));
      const layer = view ? videoLayerForView(view) : videoLayerFor(subscriber, publisher);
      this.#subscriptions.set(subscriptionId, {
        subscriberId: subscriber.participantId,
        publisherId: publisher.participantId,
        layer,
      });
      // before the subscriber answers, so its first frames are already of the layer that fits its view
      await room.setPreferredVideoLayer(subscriptionId, layer);
      subscriber.channel.send({
        type: 'subscribe',
        subscriptionId,
        publisherId: publisher.participantId,
        sdp: offer.offerSdp,
        iceServers: this.iceServers(subscriber.participantId),
      });
    } catch (error) {
      if (subscriptionId) this.#subscriptions.delete(subscriptionId);
      this.logger.warn(
        {
          err: error,
          roomId: this.roomId,
          subscriberId: subscriber.participantId,
          publisherId: publisher.participantId,
        },
        'could not set up a subscription',
      );
    }
  }
}

const viewKey = (subscriberId: string, publisherId: string) => `${subscriberId}\0${publisherId}`;
