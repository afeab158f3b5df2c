// One recorder feed on mediasoup, as mediasoup's own recording examples do it: a PlainTransport per
// kind connected to the recorder's port for that kind (RTCP to the port above it, where ffmpeg
// listens for it: the sender reports let it line audio up with video), and a Consumer per kind of
// the participant's current producers. The router's codecs carry the payload types contracts'
// `recorderRtp` fixes, and the consumer is asked for exactly that codec without RTX or header
// extensions, so what arrives is what the recorder's SDP says. Server-side mute is the audio producer
// paused, which the worker applies to this consumer as to any other.
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { types } from 'mediasoup';
import { recorderRtp } from '@candor/contracts';
import { guarded, type SfuLogger } from '../guard';
import type { MediaKind, RecorderFeedTarget } from '../types';

const kinds: MediaKind[] = ['audio', 'video'];

/** What the recorder can receive of `kind`: the router's codec for it, nothing else. */
export function recorderCapabilities(
  router: Pick<types.Router, 'rtpCapabilities'>,
  kind: MediaKind,
): types.RtpCapabilities {
  const wanted = recorderRtp[kind];
  const codec = (router.rtpCapabilities.codecs ?? []).find(
    (c) => c.kind === kind && c.mimeType.toLowerCase() === `${kind}/${wanted.encodingName}`.toLowerCase(),
  );
  if (!codec || codec.preferredPayloadType !== wanted.payloadType)
    throw new Error(`the router does not offer ${wanted.encodingName} with payload type ${wanted.payloadType}`);
  return { codecs: [{ ...codec, rtcpFeedback: [] }], headerExtensions: [] };
}

export class MsRecorderFeed {
  readonly id = randomUUID();
  #closed = false;
  readonly #consumers = new Map<MediaKind, types.Consumer>();

  private constructor(
    readonly participantId: string,
    private readonly router: types.Router,
    private readonly transports: Record<MediaKind, types.PlainTransport>,
    private readonly logger: SfuLogger,
  ) {}

  static async open(
    participantId: string,
    target: RecorderFeedTarget,
    router: types.Router,
    listenInfo: types.TransportListenInfo,
    producers: ReadonlyMap<MediaKind, types.Producer>,
    logger: SfuLogger,
  ): Promise<MsRecorderFeed> {
    if (isIP(target.ip) === 0) throw new Error(`a recorder feed needs an IP address, not ${JSON.stringify(target.ip)}`);
    const ports: Record<MediaKind, number> = { audio: target.audioPort, video: target.videoPort };
    const opened: types.PlainTransport[] = [];
    try {
      for (const kind of kinds) {
        const transport = await router.createPlainTransport({
          listenInfo: { ...listenInfo, protocol: 'udp' },
          rtcpMux: false,
          comedia: false,
        });
        opened.push(transport);
        await transport.connect({ ip: target.ip, port: ports[kind], rtcpPort: ports[kind] + 1 });
      }
      const feed = new MsRecorderFeed(participantId, router, { audio: opened[0]!, video: opened[1]! }, logger);
      for (const producer of producers.values()) await feed.attach(producer);
      return feed;
    } catch (error) {
      for (const transport of opened) transport.close();
      throw error;
    }
  }

  get consumers(): types.Consumer[] {
    return [...this.#consumers.values()];
  }

  /** Consumes `producer` (a re-publish replaces the consumer of its kind) and asks for a keyframe. */
  async attach(producer: types.Producer): Promise<void> {
    const kind = producer.kind;
    if (this.#closed) return;
    const consumer = await this.transports[kind].consume({
      producerId: producer.id,
      rtpCapabilities: recorderCapabilities(this.router, kind),
      paused: true,
    });
    if (this.#closed) {
      consumer.close();
      return;
    }
    this.#consumers.get(kind)?.close();
    this.#consumers.set(kind, consumer);
    consumer.observer.once(
      'close',
      guarded(this.logger, 'recorder consumer close', () => {
        if (this.#consumers.get(kind) === consumer) this.#consumers.delete(kind);
      }),
    );
    try {
      await consumer.resume();
      if (kind === 'video') await consumer.requestKeyFrame();
    } catch (error) {
      if (!consumer.closed)
        this.logger.warn({ err: error, feedId: this.id }, 'SFU: could not start a recorder consumer');
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const transport of Object.values(this.transports)) transport.close(); // and their consumers
  }
}
