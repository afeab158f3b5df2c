// The SFU behind one interface. Two engines implement it: mediasoup (production; needs its native
// worker) and werift (pure TypeScript; runs everywhere, including `npm start`). Both pass the engine
// contract suite (test/contracts/sfu-engine.contract.ts) wherever they can run.
//
// The browser speaks plain WebRTC SDP to either engine, complete (no trickle ICE):
//   - each participant has one publishing connection: the client offers (audio + video, sendonly),
//     the engine answers;
//   - each (subscriber, publisher) pair has one subscribing connection: the engine offers (audio +
//     video, sendonly from its side), the client answers. A subscription forwards whatever the
//     publisher publishes now or later (a re-publish keeps existing subscriptions flowing).
//   - a video publisher may send simulcast (two or three layers, RFC 8853 a=rid/a=simulcast, lowest
//     first); each subscription gets one layer, the top by default (setPreferredVideoLayer), and
//     mediasoup lowers it while the subscriber's bandwidth estimate cannot carry it. werift does not
//     forward simulcast: its answer accepts only the top layer (werift/single-layer.ts).
//   - a recorder feed sends one participant's published audio and video as plain RTP over UDP to a
//     recorder (two ports, one per kind: no ICE, no DTLS, no RTCP), with the payload types and codecs
//     fixed in contracts (`recorderRtp`: VP8 96/90000, opus 111/48000/2) so the recorder's SDP can be
//     written before the feed starts. Like a subscription it may start before the participant
//     publishes and survives a re-publish (SSRC, sequence numbers and timestamps stay continuous);
//     a keyframe is requested from the publisher when it starts; server-side mute applies to it as to
//     any subscriber. It stops on stopRecorderFeed, removeParticipant or close().
// The engine knows nothing about roles or grants: the room (services/media/src/room) decides who may
// publish and who subscribes to whom, and calls the engine only for what it allowed.

export type MediaKind = 'audio' | 'video';

/** Where a recorder listens for one participant's RTP (see `recorderRtp` in contracts). */
export interface RecorderFeedTarget {
  ip: string;
  videoPort: number;
  audioPort: number;
}

export interface SfuEngineOptions {
  /** local address to bind media sockets to (default: all interfaces) */
  listenIp?: string;
  /** address to put in ICE candidates when the server is behind NAT (e.g. a pod's public IP) */
  announcedIp?: string;
  /** UDP port range for media */
  portRange?: { min: number; max: number };
}

export interface SfuEngine {
  readonly name: 'mediasoup' | 'werift';
  /**
   * Whether subscriptions get the layer asked for of a simulcast publisher (mediasoup). When false
   * (werift), the engine's answer accepts only the publisher's top layer and every subscriber gets
   * that one whatever it asks: the engine contract checks both shapes.
   */
  readonly forwardsSimulcast: boolean;
  createRoom(roomId: string): Promise<SfuRoom>;
  /** Closes every room and releases the engine (the mediasoup worker). */
  close(): Promise<void>;
}

export interface RoomStats {
  /** participants with a live publishing connection */
  publishers: number;
  /** open subscribing connections */
  subscriptions: number;
  /** tracks currently forwarded (one per subscription and kind being received from its publisher) */
  forwardedTracks: number;
  /** RTP packets forwarded to subscribers since the room opened */
  packetsForwarded: number;
  /** RTP packets received from publishers since the room opened */
  packetsReceived: number;
}

export interface SfuRoom {
  readonly id: string;
  /**
   * A participant's publishing connection: the client's offer → the engine's complete answer.
   * Publishing again replaces the previous publication (its connection is closed).
   */
  publish(participantId: string, offerSdp: string): Promise<{ answerSdp: string }>;
  /**
   * Forward `publisherId`'s media to `subscriberId` over a new connection: the engine's complete
   * offer. Allowed before the publisher publishes; media flows once it does. A keyframe is requested
   * from the publisher when the subscriber's connection is up (and whenever the subscriber asks).
   */
  subscribe(subscriberId: string, publisherId: string): Promise<{ subscriptionId: string; offerSdp: string }>;
  /** The subscriber's answer to a `subscribe` offer. Rejects for an unknown subscription. */
  answer(subscriptionId: string, answerSdp: string): Promise<void>;
  /**
   * Which of the publisher's simulcast video layers this subscription should get: 0 is the lowest,
   * a number past the top means the top (the default). The engine still drops below it when the
   * subscriber's measured bandwidth cannot carry it, and goes back up when it can. It applies to the
   * publisher's later publications too. A publisher that sends one layer is forwarded as is (werift
   * always asks for the top layer only: werift/single-layer.ts). Rejects for an unknown subscription.
   */
  setPreferredVideoLayer(subscriptionId: string, spatialLayer: number): Promise<void>;
  /** Server-side mute: while true, the publisher's audio reaches no subscriber. */
  setAudioMuted(participantId: string, muted: boolean): void;
  isAudioMuted(participantId: string): boolean;
  unsubscribe(subscriptionId: string): Promise<void>;
  /** Closes a participant's publication and every subscription from or to them. */
  removeParticipant(participantId: string): Promise<void>;
  /**
   * Sends `participantId`'s media to a recorder as plain RTP (see the header). Allowed before they
   * publish; media flows once they do. Rejects for a closed room or a target that is not an address.
   */
  startRecorderFeed(participantId: string, target: RecorderFeedTarget): Promise<{ feedId: string }>;
  /** Stops a recorder feed; idempotent (an unknown or already stopped feed is not an error). */
  stopRecorderFeed(feedId: string): Promise<void>;
  /** The recorder feeds running now, and whose media each carries. */
  recorderFeeds(): { feedId: string; participantId: string }[];
  /** Participants with a live publishing connection now. */
  publishers(): string[];
  stats(): RoomStats;
  /** Closes every connection of the room. */
  close(): Promise<void>;
}
