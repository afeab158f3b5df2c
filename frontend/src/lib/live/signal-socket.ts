// One signalling WebSocket: says `hello` with the room token as soon as it opens, hands each valid
// server message on, and reports the close code once. Closing it ourselves is silent and
// idempotent. The socket is created through a factory so node:test can drive it with a fake.
import type { ClientMessage, ServerMessage } from '@candor/contracts';
import { parseServerMessage } from './messages.ts';

/** The part of the browser's WebSocket this uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface SignalHandlers {
  message(message: ServerMessage): void;
  /** the server closed (code, and the problem type as reason), or the connection broke (1006); not after close() */
  closed(code: number, reason: string): void;
}

const open = 1;

/** `ws://` or `wss://` on the page's own origin, as the page itself was loaded. */
export function signalUrl(location: { protocol: string; host: string }, path: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path.startsWith('/') ? path : `/${path}`}`;
}

export class SignalSocket {
  #socket: SocketLike;
  #closed = false;

  constructor(
    url: string,
    roomToken: string,
    handlers: SignalHandlers,
    createSocket: (url: string) => SocketLike,
    /** the last welcome's `resume`, when coming back after a dropped connection */
    resume?: string,
  ) {
    this.#socket = createSocket(url);
    this.#socket.onopen = () => {
      const hello: ClientMessage = { type: 'hello', token: roomToken, ...(resume ? { resume } : {}) };
      if (!this.#closed) this.#socket.send(JSON.stringify(hello));
    };
    this.#socket.onmessage = (event) => {
      if (this.#closed) return;
      const message = parseServerMessage(event.data);
      // a message we cannot read is skipped: the next room snapshot brings the state back
      if (message) handlers.message(message);
    };
    this.#socket.onclose = (event) => {
      if (this.#closed) return;
      this.#closed = true;
      handlers.closed(event.code, event.reason);
    };
    // an error is always followed by close, which carries the code
    this.#socket.onerror = () => undefined;
  }

  /** Sends when open; false when the socket is not (the caller's action is simply not taken). */
  send(message: Exclude<ClientMessage, { type: 'hello' }>): boolean {
    if (this.#closed || this.#socket.readyState !== open) return false;
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#socket.close(1000, 'left');
    } catch {
      // already closing
    }
  }
}
