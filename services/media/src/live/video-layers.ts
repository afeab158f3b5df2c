// Which simulcast layer each subscription asks the SFU for. Publishers send two (contracts
// `videoLayers`: 0 = half the camera's size, 1 = full).
//
// Until the subscriber's page says how large it shows the publisher (a `view` message), the room
// guesses from the roles, as its pages lay them out:
//   - the candidate's video goes to every host at the top layer (the hosts judge the candidate);
//   - a host's video goes to the candidate at the top layer (the candidate faces their interviewers);
//   - a host's video goes to the other hosts at the low layer: on a panel they watch the candidate,
//     their colleagues are thumbnails, and that is where a 1+4 panel's bandwidth goes (12 of its
//     20 video tracks).
// Once the page reports a tile's size (device pixels), the view decides, for every pair alike: the
// smallest layer that covers the tile without upscaling, the top when none does. So a host who
// shows the candidate in a tile no larger than the low layer (320×180 for a 640×360 camera) gets the
// low layer — nothing is lost, the picture would be scaled down anyway — and the top one back when
// the tile grows; a host who enlarges a colleague's tile gets that colleague's top layer.
// The SFU still drops below the asked layer while a subscriber's bandwidth cannot carry it
// (mediasoup; werift forwards one layer whatever is asked).
import { cameraSize, videoLayers, type LiveRole } from '@candor/contracts';

export const topLayer = videoLayers.length - 1;
export const lowLayer = 0;

/** A tile's rendered size in device pixels. */
export interface TileView {
  width: number;
  height: number;
}

export function videoLayerFor(subscriber: { role: LiveRole }, publisher: { role: LiveRole }): number {
  return subscriber.role === 'host' && publisher.role === 'host' ? lowLayer : topLayer;
}

/** The size each layer is sent at, lowest first. */
export const layerSizes: TileView[] = videoLayers.map((layer) => ({
  width: Math.round(cameraSize.width / layer.scaleResolutionDownBy),
  height: Math.round(cameraSize.height / layer.scaleResolutionDownBy),
}));

/** The smallest layer that covers `view` (a hidden tile, 0×0, gets the lowest); the top when none does. */
export function videoLayerForView(view: TileView): number {
  const fits = layerSizes.findIndex((size) => size.width >= view.width && size.height >= view.height);
  return fits === -1 ? topLayer : fits;
}
