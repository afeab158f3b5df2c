// Free UDP ports for ffmpeg's RTP input. ffmpeg listens for RTP on the port an SDP names and for
// RTCP on the one above it, so each kind needs two adjacent free ports. The OS picks a free one
// (bind to port 0), we check its neighbour, and keep both reserved in this process until released,
// so two participants starting at once never get the same pair. Between our check and ffmpeg's own
// bind another program could take one: ffmpeg then fails to start and the recorder says so.
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';

const family = (ip: string) => (isIPv6(ip) ? 'udp6' : 'udp4');

/** Binds `port` (0: any) on `ip` and releases it; the bound port, or null when it is taken. */
function tryBind(ip: string, port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = createSocket({ type: family(ip), reuseAddr: false });
    socket.once('error', () => {
      socket.close();
      resolve(null);
    });
    socket.bind(port, ip, () => {
      const bound = socket.address().port;
      socket.close(() => resolve(bound));
    });
  });
}

/** Whether something (ffmpeg) is listening on `port` now. */
export async function isBound(ip: string, port: number): Promise<boolean> {
  return (await tryBind(ip, port)) === null;
}

export class UdpPortPairs {
  readonly #reserved = new Set<number>();

  constructor(private readonly ip: string) {}

  /** A port p with p and p + 1 free, reserved until release(p). */
  async reserve(): Promise<number> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = await tryBind(this.ip, 0);
      if (port === null || port >= 65_535) continue;
      if (this.#reserved.has(port) || this.#reserved.has(port + 1)) continue;
      if ((await tryBind(this.ip, port + 1)) === null) continue;
      this.#reserved.add(port).add(port + 1);
      return port;
    }
    throw new Error(`no two adjacent free UDP ports on ${this.ip}`);
  }

  release(port: number): void {
    this.#reserved.delete(port);
    this.#reserved.delete(port + 1);
  }
}
