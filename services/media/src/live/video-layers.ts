// Which simulcast layer each subscription asks the SFU for (publishers send two: 0 = half
// resolution, 1 = full; see frontend/src/lib/live/peers.ts). The room's pages show the candidate
// large and panelists as tiles, so:
//   - the candidate's video goes to every host at the top layer (the hosts judge the candidate);
//   - a host's video goes to the candidate at the top layer (the candidate faces their interviewers);
//   - a host's video goes to the other hosts at the low layer: on a panel they watch the candidate,
//     their colleagues are thumbnails, and that is where a 1+4 panel's bandwidth goes (12 of its
//     20 video tracks).
// The SFU still drops below the asked layer when a subscriber's bandwidth cannot carry it
// (mediasoup; werift forwards one layer whatever is asked).
import type { LiveRole } from '@candor/contracts';

export const topLayer = 1;
export const lowLayer = 0;

export function videoLayerFor(subscriber: { role: LiveRole }, publisher: { role: LiveRole }): number {
  return subscriber.role === 'host' && publisher.role === 'host' ? lowLayer : topLayer;
}
