// The SFU engine contract against both engines: werift always (it runs anywhere), mediasoup where a
// worker binary exists. Without one the mediasoup block is skipped with its reason, loudly; with
// CANDOR_REQUIRE_MEDIASOUP=1 (a machine that is meant to have the worker) a missing worker fails.
import { mediasoupAvailability, mediasoupWorkerPresent } from '@candor/media/src/sfu/choose-engine';
import { createMediasoupEngine } from '@candor/media/src/sfu/mediasoup/engine';
import { createWeriftEngine } from '@candor/media/src/sfu/werift/engine';
import { createLogger } from '@candor/runtime/src/logging';
import { describeSfuEngineContract } from './sfu-engine.contract';
import { useExclusive } from '../support/exclusive';

// ICE, DTLS and a 1+4 panel of synthetic peers on a shared machine
jest.setTimeout(90_000);
// CPU-bound in real time (peer connections, Chromium): one such suite at a time
useExclusive();

const logger = createLogger('sfu-contract', process.env.LOG_LEVEL ?? 'warn');

describeSfuEngineContract('werift', async (options) => createWeriftEngine({ ...options, logger }));

const mediasoup = mediasoupWorkerPresent();
if (mediasoup.available) {
  describeSfuEngineContract('mediasoup', async (options) => {
    const availability = await mediasoupAvailability();
    if (!availability.available)
      throw new Error(`a mediasoup worker binary is present but does not run: ${availability.reason}`);
    return createMediasoupEngine({
      ...options,
      logger,
      onWorkerDied: (error) => {
        throw new Error(`the mediasoup worker died during the contract suite: ${error.message}`);
      },
    });
  });
} else if (process.env.CANDOR_REQUIRE_MEDIASOUP === '1') {
  describe('SFU engine contract: mediasoup', () => {
    test('a mediasoup worker runs here', () => {
      throw new Error(`CANDOR_REQUIRE_MEDIASOUP=1 but ${mediasoup.reason}`);
    });
  });
} else {
  const banner = '!'.repeat(78);
  console.warn(`\n${banner}\nSKIPPED SFU engine contract: mediasoup: ${mediasoup.reason}\n${banner}\n`);
  describe.skip(`SFU engine contract: mediasoup (skipped: ${mediasoup.reason})`, () => {
    test('needs a mediasoup worker', () => undefined);
  });
}
