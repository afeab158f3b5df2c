// A client of the live room's signalling WebSocket (the `ws` package, as a browser would speak it):
// keeps every server message and the close, and waits for a message of a type from a given index on,
// so a test can ask for "the next snapshot after this point" without racing the socket.
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { apiPaths, type ServerMessage } from '@candor/contracts';

export type SignalMessage<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

export class SignalClient {
  readonly messages: ServerMessage[] = [];
  closed: { code: number; reason: string } | undefined;
  readonly #socket: WebSocket;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data) => this.messages.push(JSON.parse(String(data)) as ServerMessage));
    socket.on('close', (code, reason) => (this.closed = { code, reason: String(reason) }));
  }

  /** Opens `ws://<origin>/api/media/signal` on an http:// origin (a service's, or the frontend's). */
  static async open(origin: string): Promise<SignalClient> {
    const socket = new WebSocket(origin.replace(/^http/, 'ws') + apiPaths.media.signal);
    const client = new SignalClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      // a refused upgrade (e.g. a proxy answering 404 or 502) is an error with the status in it
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    return client;
  }

  send(message: unknown): void {
    this.#socket.send(JSON.stringify(message));
  }

  /** The first message of `type` at or after index `from` that satisfies `where`. */
  async next<T extends ServerMessage['type']>(
    type: T,
    options: { from?: number; where?: (message: SignalMessage<T>) => boolean; timeoutMs?: number } = {},
  ): Promise<SignalMessage<T>> {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    for (;;) {
      const found = this.messages
        .slice(options.from ?? 0)
        .find((message): message is SignalMessage<T> => message.type === type && (options.where?.(message as SignalMessage<T>) ?? true));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching ${type} message; got ${JSON.stringify(this.messages)}`);
      await sleep(20);
    }
  }

  async closedWith(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('the socket was not closed');
      await sleep(20);
    }
    return this.closed;
  }

  /** Ends the socket at once (cleanup); a no-op once closed. */
  terminate(): void {
    if (this.#socket.readyState !== WebSocket.CLOSED) this.#socket.terminate();
  }
}
