// The signalling WebSocket (`apiPaths.media.signal`) on the HTTP server's `upgrade` event. A socket
// must say `hello` with a room token within a few seconds; the token is verified (audience
// candor-room), spent (single use) and the room lets the participant in or closes the socket with
// the reason's code. After that every message is validated against the contract; an invalid one is
// answered with an error and the socket stays up. Dead sockets are found by ping/pong and ended.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { clientMessage, signalCloseCodes, signalErrorCodes, type ClientMessage } from '@candor/contracts';
import type { Logger, RoomTokens } from '@candor/runtime';
import type { LiveConnection, LiveRooms } from './live-rooms';
import type { ParticipantChannel } from './participant';
import type { UsedTokens } from './used-tokens';

export interface SignalServer {
  /** Takes the upgrade when it is for the signalling path; false otherwise (someone else's). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Listens for upgrades on this server. */
  attach(server: Server): void;
  /** Ends every socket and stops the heartbeat. */
  close(): Promise<void>;
}

/** An SDP of 100 000 characters fits with room to spare; anything bigger is refused by `ws`. */
const maxPayload = 256 * 1024;

function parse(raw: RawData, isBinary: boolean): ClientMessage | null {
  if (isBinary) return null;
  try {
    const parsed = clientMessage.safeParse(JSON.parse(String(raw)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function createSignalServer(deps: {
  path: string;
  roomTokens: RoomTokens;
  liveRooms: LiveRooms;
  usedTokens: UsedTokens;
  logger: Logger;
  helloTimeoutMs?: number;
  heartbeatMs?: number;
}): SignalServer {
  const { logger } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload });
  const alive = new WeakMap<WebSocket, boolean>();
  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if (alive.get(socket) === false) {
        // no pong since the last ping: the peer is gone without a close (a dropped network)
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, deps.heartbeatMs ?? 10_000);
  heartbeat.unref();

  async function hello(
    token: string,
    resume: string | undefined,
    channel: ParticipantChannel,
    isOpen: () => boolean,
  ): Promise<LiveConnection | null> {
    let claims;
    try {
      claims = await deps.roomTokens.verify(token);
    } catch {
      logger.info('signalling refused a room token that does not verify');
      channel.close(signalCloseCodes.unauthorized, 'unauthorized');
      return null;
    }
    if (!deps.usedTokens.spend(claims.jti)) {
      logger.warn({ roomId: claims.room, participantId: claims.sub }, 'signalling refused a room token used before');
      channel.close(signalCloseCodes.unauthorized, 'token-used');
      return null;
    }
    if (!isOpen()) return null;
    return deps.liveRooms.enter(claims, channel, resume);
  }

  function onConnection(socket: WebSocket): void {
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
    socket.on('error', (error) => logger.debug({ err: error }, 'signalling socket error'));
    const channel: ParticipantChannel = {
      send(message) {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
      },
      close(code, reason) {
        if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)
          socket.close(code, reason);
      },
    };
    let entered: Promise<LiveConnection | null> | undefined;
    const helloTimer = setTimeout(() => {
      if (!entered) channel.close(signalCloseCodes.helloTimeout, 'hello-timeout');
    }, deps.helloTimeoutMs ?? 5_000);

    socket.on('message', (raw, isBinary) => {
      const message = parse(raw, isBinary);
      if (!entered) {
        clearTimeout(helloTimer);
        if (message?.type !== 'hello') {
          entered = Promise.resolve(null);
          channel.close(signalCloseCodes.unauthorized, 'hello-expected');
          return;
        }
        entered = hello(message.token, message.resume, channel, () => socket.readyState === WebSocket.OPEN).catch((error: unknown) => {
          logger.error({ err: error }, 'signalling could not let a participant in');
          channel.close(1011, 'internal-error');
          return null;
        });
        return;
      }
      // messages sent right after hello wait for the entry, in the order they came
      void entered.then(async (connection) => {
        if (!connection) return;
        if (!message) {
          channel.send({
            type: 'error',
            code: signalErrorCodes.invalid,
            message: 'This message does not follow the signalling protocol.',
          });
          return;
        }
        await connection.receive(message);
      });
    });

    socket.on('close', () => {
      clearTimeout(helloTimer);
      void entered?.then((connection) => connection?.leave());
    });
  }

  const handleUpgrade: SignalServer['handleUpgrade'] = (req, socket, head) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname !== deps.path) return false;
    wss.handleUpgrade(req, socket, head, onConnection);
    return true;
  };

  return {
    handleUpgrade,
    attach(server) {
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        // an upgrade for another path that nobody else listens for would hang: end it
        if (!handleUpgrade(req, socket, head) && server.listenerCount('upgrade') === 1) socket.destroy();
      });
    },
    async close() {
      clearInterval(heartbeat);
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
