// Which SFU engines a media bench measures in one run: BENCH_MEDIA_ENGINES (default werift,mediasoup),
// mediasoup only where its worker is present. A missing worker skips that engine loudly;
// CANDOR_REQUIRE_MEDIASOUP=1 makes it a failure (as in the contract suite).
import { mediasoupWorkerPresent } from '@candor/media/src/sfu/choose-engine';

export type BenchEngine = 'werift' | 'mediasoup';

export function benchEngines(): BenchEngine[] {
  const names = (process.env.BENCH_MEDIA_ENGINES ?? 'werift,mediasoup').split(',').map((name) => {
    if (name !== 'werift' && name !== 'mediasoup') throw new Error(`BENCH_MEDIA_ENGINES: unknown engine "${name}"`);
    return name as BenchEngine;
  });
  const mediasoup = mediasoupWorkerPresent();
  if (!names.includes('mediasoup') || mediasoup.available) return names;
  if (process.env.CANDOR_REQUIRE_MEDIASOUP === '1')
    throw new Error(`CANDOR_REQUIRE_MEDIASOUP=1 but ${mediasoup.reason}`);
  const banner = '!'.repeat(78);
  console.warn(
    `${banner}\nSKIPPED mediasoup in this bench: ${mediasoup.reason}\n(npm run media:worker builds the worker)\n${banner}`,
  );
  return names.filter((name) => name !== 'mediasoup');
}
