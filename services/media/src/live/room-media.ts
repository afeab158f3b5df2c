// A live room's media on the SFU: the engine room (opened for the first participant in the room,
// closed when the last one leaves) and the subscriptions between participants, each one known with
// its subscriber, so only that subscriber may answer it and the others hear when it goes. Each
// subscription asks for the simulcast layer that fits the subscriber's view (video-layers.ts).
import type { IceServer } from '@candor/contracts';
import type { Logger } from '@candor/runtime';
import type { SfuEngine, SfuRoom } from '../sfu/types';
import type { LiveParticipant } from './participant';
import { videoLayerFor } from './video-layers';

interface Subscription {
  subscriberId: string;
  publisherId: string;
}

export class RoomMedia {
  #opening: Promise<SfuRoom> | undefined;
  /** the same room once open, for media messages that must not wait behind membership changes */
  #room: SfuRoom | undefined;
  readonly #subscriptions = new Map<string, Subscription>();

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
    await this.#room
      ?.removeParticipant(participantId)
      .catch((error: unknown) => this.logger.warn({ err: error, roomId: this.roomId }, 'SFU clean-up failed'));
  }

  async close(): Promise<void> {
    const opening = this.#opening;
    this.#opening = undefined;
    this.#room = undefined;
    this.#subscriptions.clear();
    const room = await opening?.catch(() => undefined);
    await room
      ?.close()
      .catch((error: unknown) => this.logger.warn({ err: error, roomId: this.roomId }, 'closing the SFU room failed'));
  }

  async #subscribe(room: SfuRoom, subscriber: LiveParticipant, publisher: LiveParticipant): Promise<void> {
    if (!subscriber.grants.subscribe || !publisher.grants.publish) return;
    try {
      const { subscriptionId, offerSdp } = await room.subscribe(subscriber.participantId, publisher.participantId);
      // before the subscriber answers, so its first frames are already of the layer that fits its view
      await room.setPreferredVideoLayer(subscriptionId, videoLayerFor(subscriber, publisher));
      this.#subscriptions.set(subscriptionId, {
        subscriberId: subscriber.participantId,
        publisherId: publisher.participantId,
      });
      subscriber.channel.send({
        type: 'subscribe',
        subscriptionId,
        publisherId: publisher.participantId,
        sdp: offerSdp,
        iceServers: this.iceServers(subscriber.participantId),
      });
    } catch (error) {
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
