// The layer policy: by roles until a page reports a tile's size, then by the size.
import { cameraSize } from '@candor/contracts';
import { layerSizes, lowLayer, topLayer, videoLayerFor, videoLayerForView } from './video-layers';

test('by roles: hosts get the candidate at the top layer, the candidate gets hosts at the top, hosts get hosts low', () => {
  const candidate = { role: 'candidate' as const };
  const host = { role: 'host' as const };
  expect(videoLayerFor(host, candidate)).toBe(topLayer);
  expect(videoLayerFor(candidate, host)).toBe(topLayer);
  expect(videoLayerFor(host, host)).toBe(lowLayer);
  expect(lowLayer).toBeLessThan(topLayer);
});

test('the layers are half the camera and the camera, lowest first', () => {
  expect(layerSizes).toEqual([
    { width: cameraSize.width / 2, height: cameraSize.height / 2 },
    { width: cameraSize.width, height: cameraSize.height },
  ]);
});

test('by view: the smallest layer that covers the tile, the top when none does', () => {
  const low = layerSizes[lowLayer]!;
  expect(videoLayerForView({ width: 0, height: 0 })).toBe(lowLayer); // hidden
  expect(videoLayerForView({ width: 160, height: 90 })).toBe(lowLayer);
  expect(videoLayerForView(low)).toBe(lowLayer);
  // one pixel past the low layer in either direction needs the next one
  expect(videoLayerForView({ width: low.width + 1, height: low.height })).toBe(topLayer);
  expect(videoLayerForView({ width: low.width, height: low.height + 1 })).toBe(topLayer);
  expect(videoLayerForView({ width: 640, height: 360 })).toBe(topLayer);
  // larger than anything sent (a full-screen tile on a 4K display): the top, upscaled
  expect(videoLayerForView({ width: 3840, height: 2160 })).toBe(topLayer);
});
