// The production SFU: mediasoup's C++ worker does the media, this process only signals. One worker
// per engine (a worker uses one core; one 1+4 panel is 20 consumers of the ~500 a core carries), one
// router per room. A dead worker is fatal for the process (STYLE.md): every room it carried is gone,
// so we log and exit and let the supervisor restart the service rather than limp on.
import { networkInterfaces } from 'node:os';
import * as mediasoup from 'mediasoup';
import { recorderRtp } from '@candor/contracts';
import type { types } from 'mediasoup';
import { isSpecificAddress } from '../candidates';
import type { SfuLogger } from '../guard';
import type { SfuEngine, SfuEngineOptions, SfuRoom } from '../types';
import { MediasoupRoom } from './room';

/**
 * What every room's router speaks: what every Chromium sends (see werift/peer-config.ts), numbered as
 * contracts' `recorderRtp` says, because a consumer sends the router's payload type and a recorder's
 * SDP is written before the feed starts.
 */
export const mediaCodecs: types.RouterRtpCodecCapability[] = [
  {
    kind: 'audio',
    mimeType: 'audio/opus',
    preferredPayloadType: recorderRtp.audio.payloadType,
    clockRate: recorderRtp.audio.clockRate,
    channels: recorderRtp.audio.channels,
    parameters: { minptime: 10, useinbandfec: 1 },
  },
  {
    kind: 'video',
    mimeType: 'video/VP8',
    preferredPayloadType: recorderRtp.video.payloadType,
    clockRate: recorderRtp.video.clockRate,
  },
];

export interface MediasoupEngineOptions extends SfuEngineOptions {
  logger: SfuLogger;
  /** a worker to use (and own: close() closes it), e.g. the one an availability check started */
  worker?: types.Worker;
  /** what a dead worker does; exits the process by default */
  onWorkerDied?: (error: Error) => void;
}

/** The first external IPv4 address: what to announce when listening on every interface. */
function firstExternalIPv4(): string | undefined {
  for (const addresses of Object.values(networkInterfaces()))
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  return undefined;
}

export function transportListenInfos(options: SfuEngineOptions): types.TransportListenInfo[] {
  const ip = isSpecificAddress(options.listenIp) ? options.listenIp : '0.0.0.0';
  // listening on every interface, mediasoup would announce 0.0.0.0: announce a real address instead
  const announcedAddress = options.announcedIp ?? (ip === '0.0.0.0' ? firstExternalIPv4() : undefined);
  const common = {
    ip,
    ...(announcedAddress ? { announcedAddress } : {}),
    ...(options.portRange ? { portRange: options.portRange } : {}),
  };
  return [
    { protocol: 'udp', ...common },
    { protocol: 'tcp', ...common },
  ];
}

export async function createMediasoupEngine(options: MediasoupEngineOptions): Promise<SfuEngine> {
  const { logger, onWorkerDied, worker: given, ...listen } = options;
  const worker = given ?? (await mediasoup.createWorker({ logLevel: 'warn' }));
  const rooms = new Map<string, MediasoupRoom>();
  let closing: Promise<void> | undefined;
  worker.on('died', (error) => {
    logger.error(
      { err: error, pid: worker.pid },
      'SFU: the mediasoup worker died; exiting so the supervisor restarts the service',
    );
    if (onWorkerDied) onWorkerDied(error);
    else process.exit(1);
  });
  return {
    name: 'mediasoup',
    forwardsSimulcast: true,
    async createRoom(roomId: string): Promise<SfuRoom> {
      if (closing) throw new Error('the SFU engine is closed');
      if (rooms.has(roomId)) throw new Error(`SFU room ${roomId} already exists`);
      const router = await worker.createRouter({ mediaCodecs });
      const room: MediasoupRoom = new MediasoupRoom(roomId, router, transportListenInfos(listen), logger, () => {
        if (rooms.get(roomId) === room) rooms.delete(roomId);
      });
      if (closing || rooms.has(roomId)) {
        await room.close();
        throw new Error(closing ? 'the SFU engine is closed' : `SFU room ${roomId} already exists`);
      }
      rooms.set(roomId, room);
      return room;
    },
    close(): Promise<void> {
      closing ??= (async () => {
        await Promise.all([...rooms.values()].map((room) => room.close()));
        worker.close();
      })();
      return closing;
    },
  };
}
