// A client of the live room's signalling WebSocket (the `ws` package, as a browser would speak it):
// keeps every server message and the close, hands each message to `onMessage` as it arrives, and
// waits for a message of a type from a given index on, so a test can ask for "the next snapshot after
// this point" without racing the socket. Used by the protocol, panel and distributed suites.
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { apiPaths, type ServerMessage } from '@candor/contracts';

export type SignalMessage<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

export interface SignalClientOptions {
  /** called with every server message as it arrives (e.g. to answer `subscribe` offers at once) */
  onMessage?: (message: ServerMessage) => void;
  /** `false` makes a client that looks dead to the server's heartbeat */
  autoPong?: boolean;
  /** default bound of `next` and `closedWith` */
  timeoutMs?: number;
}

export class SignalClient {
  readonly messages: ServerMessage[] = [];
  closed: { code: number; reason: string } | undefined;
  readonly #socket: WebSocket;
  readonly #timeoutMs: number;

  private constructor(socket: WebSocket, options: SignalClientOptions) {
    this.#socket = socket;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as ServerMessage;
      this.messages.push(message);
      options.onMessage?.(message);
    });
    socket.on('close', (code, reason) => (this.closed = { code, reason: String(reason) }));
  }

  /** Opens `ws://<origin>/api/media/signal` on an http:// origin (a service's, or the frontend's). */
  static async open(origin: string, options: SignalClientOptions = {}): Promise<SignalClient> {
    const socket = new WebSocket(origin.replace(/^http/, 'ws') + apiPaths.media.signal, {
      autoPong: options.autoPong ?? true,
    });
    const client = new SignalClient(socket, options);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      // a refused upgrade (e.g. a proxy answering 404 or 502) is an error with the status in it
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    return client;
  }

  /** Sends a message as JSON; a string is sent as it is (to test malformed input). */
  send(message: unknown): void {
    this.#socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  all<T extends ServerMessage['type']>(type: T): SignalMessage<T>[] {
    return this.messages.filter((message) => message.type === type) as SignalMessage<T>[];
  }

  /** The first message of `type` at or after index `from` that satisfies `where`. */
  async next<T extends ServerMessage['type']>(
    type: T,
    options: { from?: number; where?: (message: SignalMessage<T>) => boolean; timeoutMs?: number } = {},
  ): Promise<SignalMessage<T>> {
    const deadline = Date.now() + (options.timeoutMs ?? this.#timeoutMs);
    for (;;) {
      const found = this.messages
        .slice(options.from ?? 0)
        .find(
          (message): message is SignalMessage<T> =>
            message.type === type && (options.where?.(message as SignalMessage<T>) ?? true),
        );
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no matching ${type} message; got ${JSON.stringify(this.messages.map((m) => m.type))}`);
      await sleep(10);
    }
  }

  async closedWith(timeoutMs = this.#timeoutMs): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('the socket was not closed');
      await sleep(10);
    }
    return this.closed;
  }

  get isOpen(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.#socket.close();
  }

  /** Ends the socket at once (cleanup); a no-op once closed. */
  terminate(): void {
    if (this.#socket.readyState !== WebSocket.CLOSED) this.#socket.terminate();
  }
}
