// The equipment test's network check on the media side: a probe connection on a throwaway SFU room
// of its own, for a link that may enter its room now (the same checks as the link page's entry), so
// the browser can try reaching the SFU by UDP, by TCP and through the TURN relay before the
// interview. A probe room closes after a short lifetime whatever the browser does; only a bounded
// number are open at once, so a link cannot be used to hold SFU resources.
import { randomBytes } from 'node:crypto';
import { networkCheckLimits, type NetworkCheckResponse } from '@candor/contracts';
import { ServiceUnavailableError, type EventStore, type LiveClaims, type Logger } from '@candor/runtime';
import { enterableRoom, loadRoom } from '../room';
import type { SfuEngine, SfuRoom } from '../sfu/types';
import type { IceServersFor } from '../turn/turn-credentials';
import { sdpRefused } from './signal-errors';

export interface NetworkCheck {
  probe(live: LiveClaims, offerSdp: string): Promise<NetworkCheckResponse>;
  close(): Promise<void>;
}

export function createNetworkCheck(deps: {
  store: EventStore;
  engine: SfuEngine;
  iceServers: IceServersFor;
  logger: Logger;
  lifetimeMs?: number;
}): NetworkCheck {
  const open = new Map<SfuRoom, NodeJS.Timeout>();
  const closeProbe = async (room: SfuRoom) => {
    clearTimeout(open.get(room));
    open.delete(room);
    await room.close().catch((error: unknown) => deps.logger.warn({ err: error }, 'closing a network check room failed'));
  };
  return {
    async probe(live, offerSdp) {
      enterableRoom(await loadRoom(deps.store, live.sub), { organisationId: live.org, role: live.role, linkId: live.lid });
      if (open.size >= networkCheckLimits.concurrent) {
        throw new ServiceUnavailableError('Too many network checks are running; try again in a moment.');
      }
      const probeId = `check-${randomBytes(8).toString('hex')}`;
      const room = await deps.engine.createRoom(probeId);
      open.set(room, setTimeout(() => void closeProbe(room), deps.lifetimeMs ?? networkCheckLimits.lifetimeMs).unref());
      try {
        const { answerSdp } = await room.publish('probe', offerSdp).catch(sdpRefused);
        return { sdp: answerSdp, iceServers: deps.iceServers({ roomId: live.sub, participantId: probeId }) };
      } catch (error) {
        await closeProbe(room);
        throw error;
      }
    },
    async close() {
      await Promise.all([...open.keys()].map(closeProbe));
    },
  };
}
