// The layer policy: only host-to-host video goes at the low layer.
import { lowLayer, topLayer, videoLayerFor } from './video-layers';

test('hosts get the candidate at the top layer, the candidate gets hosts at the top, hosts get hosts low', () => {
  const candidate = { role: 'candidate' as const };
  const host = { role: 'host' as const };
  expect(videoLayerFor(host, candidate)).toBe(topLayer);
  expect(videoLayerFor(candidate, host)).toBe(topLayer);
  expect(videoLayerFor(host, host)).toBe(lowLayer);
  expect(lowLayer).toBeLessThan(topLayer);
});
