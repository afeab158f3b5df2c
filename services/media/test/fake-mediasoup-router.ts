// A stand-in for a mediasoup Router and what hangs off it, for testing the room's bookkeeping where no
// worker binary exists: transports, producers and consumers with the lifecycle the real ones have
// (closing a transport closes its producers and consumers; closing a producer closes its consumers;
// pausing a producer marks its consumers producerPaused). Consumer RTP parameters come from
// mediasoup's own ORTC functions, so SSRCs, payload types and extension ids are the real ones.
// Forwarding media is exactly what it does not do: the contract suite covers that against a worker.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { ortc, type types } from 'mediasoup';
import { mediaCodecs } from '../src/sfu/mediasoup/engine';

let nextPort = 40000;

export class FakeConsumer {
  readonly id = randomUUID();
  readonly observer = new EventEmitter();
  closed = false;
  keyFramesRequested = 0;
  packetCount = 0;
  constructor(
    readonly producer: FakeProducer,
    readonly rtpParameters: types.RtpParameters,
    public paused: boolean,
  ) {}
  get kind() {
    return this.producer.kind;
  }
  get producerId() {
    return this.producer.id;
  }
  get producerPaused() {
    return this.producer.paused;
  }
  async resume() {
    this.paused = false;
  }
  async pause() {
    this.paused = true;
  }
  async requestKeyFrame() {
    this.keyFramesRequested++;
  }
  async getStats() {
    return [{ type: 'outbound-rtp', packetCount: this.packetCount }];
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    this.observer.emit('close');
  }
}

export class FakeProducer {
  readonly id = randomUUID();
  closed = false;
  packetCount = 0;
  readonly consumers = new Set<FakeConsumer>();
  constructor(
    readonly kind: types.MediaKind,
    readonly rtpParameters: types.RtpParameters,
    readonly consumableRtpParameters: types.RtpParameters,
    public paused: boolean,
  ) {}
  async pause() {
    this.paused = true;
  }
  async resume() {
    this.paused = false;
  }
  async getStats() {
    return [{ type: 'inbound-rtp', packetCount: this.packetCount }];
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    for (const consumer of this.consumers) consumer.close();
  }
}

export class FakeTransport extends EventEmitter {
  readonly id = randomUUID();
  closed = false;
  connectedWith: types.DtlsParameters | undefined;
  readonly producers: FakeProducer[] = [];
  readonly consumers: FakeConsumer[] = [];
  readonly iceParameters = {
    usernameFragment: `ufrag${randomUUID().slice(0, 8)}`,
    password: randomUUID().replace(/-/g, ''),
    iceLite: true,
  };
  readonly iceCandidates: types.IceCandidate[] = [
    {
      foundation: 'udp',
      priority: 1076302079,
      ip: '127.0.0.1',
      address: '127.0.0.1',
      protocol: 'udp',
      port: nextPort++,
      type: 'host',
    },
  ];
  readonly dtlsParameters: types.DtlsParameters = {
    role: 'auto',
    fingerprints: [
      {
        algorithm: 'sha-256',
        value: '63:1D:AD:3B:B1:2C:18:4F:18:E3:F1:81:2C:05:6A:DA:F2:CE:43:E5:12:08:02:8E:51:C4:3C:C1:2B:EB:D7:1F',
      },
    ],
  };

  constructor(private readonly router: FakeRouter) {
    super();
  }

  async produce({ kind, rtpParameters, paused = false }: types.ProducerOptions): Promise<FakeProducer> {
    const normalized = structuredClone(rtpParameters);
    ortc.validateAndNormalizeRtpParameters(normalized);
    const mapping = ortc.getProducerRtpParametersMapping(normalized, this.router.rtpCapabilities);
    const consumable = ortc.getConsumableRtpParameters(kind, normalized, this.router.rtpCapabilities, mapping);
    const producer = new FakeProducer(kind, normalized, consumable, paused);
    this.producers.push(producer);
    this.router.producers.set(producer.id, producer);
    return producer;
  }

  async consume({ producerId, rtpCapabilities, paused = false, mid }: types.ConsumerOptions): Promise<FakeConsumer> {
    const producer = this.router.producers.get(producerId);
    if (!producer || producer.closed) throw new Error(`Producer with id "${producerId}" not found`);
    const rtpParameters = ortc.getConsumerRtpParameters({
      consumableRtpParameters: producer.consumableRtpParameters,
      remoteRtpCapabilities: rtpCapabilities,
      pipe: false,
      enableRtx: true,
    });
    if (mid) rtpParameters.mid = mid;
    const consumer = new FakeConsumer(producer, rtpParameters, paused);
    producer.consumers.add(consumer);
    this.consumers.push(consumer);
    return consumer;
  }

  /** where a PlainTransport sends (connect({ ip, port, rtcpPort })) */
  plainTarget: { ip: string; port: number; rtcpPort?: number } | undefined;

  async connect(params: { dtlsParameters?: types.DtlsParameters; ip?: string; port?: number; rtcpPort?: number }) {
    if (this.connectedWith || this.plainTarget) throw new Error('connect() already called');
    if (params.dtlsParameters) this.connectedWith = params.dtlsParameters;
    else this.plainTarget = { ip: params.ip!, port: params.port!, rtcpPort: params.rtcpPort };
  }

  /** What the worker reports once the browser's DTLS handshake completes. */
  dtlsState(state: types.DtlsState) {
    this.emit('dtlsstatechange', state);
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    for (const producer of this.producers) producer.close();
    for (const consumer of this.consumers) consumer.close();
  }
}

export class FakeRouter {
  readonly rtpCapabilities = ortc.generateRouterRtpCapabilities(mediaCodecs);
  readonly producers = new Map<string, FakeProducer>();
  readonly transports: FakeTransport[] = [];
  closed = false;

  /** A PlainTransport: the same bookkeeping, connected to an address instead of a browser. */
  readonly plainTransports: FakeTransport[] = [];
  async createPlainTransport(options: { rtcpMux?: boolean; comedia?: boolean }): Promise<FakeTransport> {
    if (this.closed) throw new Error('router closed');
    if (options.rtcpMux !== false || options.comedia)
      throw new Error('the fake only knows rtcpMux: false, comedia: false');
    const transport = new FakeTransport(this);
    this.transports.push(transport);
    this.plainTransports.push(transport);
    return transport;
  }

  async createWebRtcTransport(): Promise<FakeTransport> {
    if (this.closed) throw new Error('router closed');
    const transport = new FakeTransport(this);
    this.transports.push(transport);
    return transport;
  }

  close() {
    this.closed = true;
    for (const transport of this.transports) transport.close();
  }

  /** The router as the room sees it. */
  asRouter(): types.Router {
    return this as unknown as types.Router;
  }
}
