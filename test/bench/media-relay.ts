// The media bench's baseline: the barest forwarding werift can do, with the same signalling shape as
// an SFU room (publish answers, subscribe offers). Each subscription's senders are handed the
// publisher's received tracks (werift's own replaceTrack relay): no keyframe requests, no mute, no
// header copies, no bookkeeping. Whatever the engine costs above this is the engine's own overhead.
import { randomUUID } from 'node:crypto';
import { RTCPeerConnection, type MediaStreamTrack, type RTCRtpSender } from 'werift';
import { completeLocalSdp, weriftPeerConfig } from '@candor/media/src/sfu/werift/peer-config';
import type { MediaKind, RoomStats } from '@candor/media/src/sfu/types';

interface Relayed {
  pc: RTCPeerConnection;
  publisherId: string;
  senders: Record<MediaKind, RTCRtpSender>;
}

export class BareWeriftRelay {
  readonly #publications = new Map<string, { pc: RTCPeerConnection; tracks: Map<MediaKind, MediaStreamTrack> }>();
  readonly #subscriptions = new Map<string, Relayed>();
  #packetsReceived = 0;

  async publish(participantId: string, offerSdp: string): Promise<{ answerSdp: string }> {
    const pc = new RTCPeerConnection(weriftPeerConfig({}));
    const tracks = new Map<MediaKind, MediaStreamTrack>();
    this.#publications.set(participantId, { pc, tracks });
    pc.ontrack = ({ track }) => {
      const kind = track.kind as MediaKind;
      tracks.set(kind, track);
      track.onReceiveRtp.subscribe(() => void this.#packetsReceived++);
      for (const relayed of this.#subscriptions.values())
        if (relayed.publisherId === participantId) void relayed.senders[kind].replaceTrack(track);
    };
    await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    for (const transceiver of pc.getTransceivers()) transceiver.setDirection('recvonly');
    await pc.setLocalDescription(await pc.createAnswer());
    return { answerSdp: await completeLocalSdp(pc, {}) };
  }

  async subscribe(_subscriberId: string, publisherId: string): Promise<{ subscriptionId: string; offerSdp: string }> {
    const pc = new RTCPeerConnection(weriftPeerConfig({}));
    const senders = {
      audio: pc.addTransceiver('audio', { direction: 'sendonly' }).sender,
      video: pc.addTransceiver('video', { direction: 'sendonly' }).sender,
    };
    const subscriptionId = randomUUID();
    this.#subscriptions.set(subscriptionId, { pc, publisherId, senders });
    for (const [kind, track] of this.#publications.get(publisherId)?.tracks ?? [])
      await senders[kind].replaceTrack(track);
    await pc.setLocalDescription(await pc.createOffer());
    return { subscriptionId, offerSdp: await completeLocalSdp(pc, {}) };
  }

  async answer(subscriptionId: string, answerSdp: string): Promise<void> {
    const relayed = this.#subscriptions.get(subscriptionId);
    if (!relayed) throw new Error(`unknown subscription ${subscriptionId}`);
    await relayed.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  }

  /** Counted like the engine's stats(); forwarded packets from werift's own sender statistics. */
  async stats(): Promise<RoomStats> {
    let packetsForwarded = 0;
    let forwardedTracks = 0;
    for (const relayed of this.#subscriptions.values())
      for (const sender of Object.values(relayed.senders)) {
        if (sender.track) forwardedTracks++;
        for (const stat of (await sender.getStats()).values())
          if (stat.type === 'outbound-rtp') packetsForwarded += (stat as { packetsSent?: number }).packetsSent ?? 0;
      }
    return {
      publishers: this.#publications.size,
      subscriptions: this.#subscriptions.size,
      forwardedTracks,
      packetsForwarded,
      packetsReceived: this.#packetsReceived,
    };
  }

  async close(): Promise<void> {
    const all = [...this.#subscriptions.values(), ...this.#publications.values()];
    this.#subscriptions.clear();
    this.#publications.clear();
    await Promise.all(all.map(({ pc }) => pc.close().catch(() => undefined)));
  }
}
