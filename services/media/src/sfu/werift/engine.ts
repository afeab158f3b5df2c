// The pure-TypeScript SFU: werift peer connections in this process, one per publisher and one per
// (subscriber, publisher) pair. It runs wherever Node runs, which is why `npm start` uses it.
import type { SfuLogger } from '../guard';
import type { SfuEngine, SfuEngineOptions, SfuRoom } from '../types';
import { WeriftRoom } from './room';

export function createWeriftEngine(options: SfuEngineOptions & { logger: SfuLogger }): SfuEngine {
  const { logger, ...listen } = options;
  const rooms = new Map<string, WeriftRoom>();
  let closing: Promise<void> | undefined;
  return {
    name: 'werift',
    forwardsSimulcast: false,
    async createRoom(roomId: string): Promise<SfuRoom> {
      if (closing) throw new Error('the SFU engine is closed');
      // two rooms under one id would split one interview's participants between them
      if (rooms.has(roomId)) throw new Error(`SFU room ${roomId} already exists`);
      const room: WeriftRoom = new WeriftRoom(roomId, listen, logger, () => {
        if (rooms.get(roomId) === room) rooms.delete(roomId);
      });
      rooms.set(roomId, room);
      return room;
    },
    close(): Promise<void> {
      closing ??= Promise.all([...rooms.values()].map((room) => room.close())).then(() => undefined);
      return closing;
    },
  };
}
