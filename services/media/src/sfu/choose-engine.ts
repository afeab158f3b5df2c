// Which SFU runs, decided once at start and said plainly in the log. 'auto' prefers mediasoup and
// falls back to werift when mediasoup's module or its native worker binary is missing (as on machines
// where `npm install` could not download the prebuilt worker); an explicit 'mediasoup' that cannot
// start is a configuration error, so it throws instead of quietly running something else.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { types } from 'mediasoup';
import type { SfuLogger } from './guard';
import type { SfuEngine, SfuEngineOptions } from './types';
import { createWeriftEngine } from './werift/engine';

export type SfuEngineChoice = 'auto' | 'mediasoup' | 'werift';

export type MediasoupAvailability = { available: true } | { available: false; reason: string };

type MediasoupModule = typeof import('mediasoup');

/**
 * Where the worker is: the one the configuration names (MEDIASOUP_WORKER_BIN, parsed with the media
 * variables in config.ts), else mediasoup's own default (which also honours MEDIASOUP_WORKER_BIN, read
 * by mediasoup itself when it loads), else the package's build output.
 */
function workerBinary(module: MediasoupModule, configured: string | undefined): string {
  if (configured) return configured;
  if (typeof module.workerBin === 'string' && module.workerBin) return module.workerBin;
  return join(dirname(require.resolve('mediasoup')), '..', '..', 'worker', 'out', 'Release', 'mediasoup-worker');
}

function loadMediasoup(workerBin?: string): { module: MediasoupModule; binary: string } | { available: false; reason: string } {
  let module: MediasoupModule;
  try {
    // loaded only here, so a missing module costs the fallback and not the process
    module = require('mediasoup') as MediasoupModule;
  } catch (error) {
    return { available: false, reason: `the mediasoup module cannot be loaded (${(error as Error).message})` };
  }
  const binary = workerBinary(module, workerBin);
  if (!existsSync(binary))
    return {
      available: false,
      reason: `mediasoup worker binary not found at ${binary} (installed without its build step; set MEDIASOUP_WORKER_BIN to a worker)`,
    };
  return { module, binary };
}

/**
 * Synchronous first look, for deciding at collection time whether a test suite runs: the module
 * loads and a worker binary exists. Only starting one (mediasoupAvailability) proves it runs.
 */
export function mediasoupWorkerPresent(workerBin?: string): MediasoupAvailability {
  const loaded = loadMediasoup(workerBin);
  return 'module' in loaded ? { available: true } : loaded;
}

/** Starts a mediasoup worker, or says in plain words why it cannot. */
async function startWorker(workerBin?: string): Promise<{ worker: types.Worker } | { available: false; reason: string }> {
  const loaded = loadMediasoup(workerBin);
  if (!('module' in loaded)) return loaded;
  const { module, binary } = loaded;
  try {
    // the binary checked above (the configured one, not only mediasoup's default)
    return { worker: await module.createWorker({ logLevel: 'warn', workerBin: binary }) };
  } catch (error) {
    return { available: false, reason: `the mediasoup worker did not start (${(error as Error).message})` };
  }
}

/** Whether a mediasoup worker can run here; starts one and stops it again to be sure. */
export async function mediasoupAvailability(workerBin?: string): Promise<MediasoupAvailability> {
  const started = await startWorker(workerBin);
  if (!('worker' in started)) return started;
  started.worker.close();
  return { available: true };
}

export interface CreateSfuEngineOptions extends SfuEngineOptions {
  engine: SfuEngineChoice;
  logger: SfuLogger;
  /** what a dead mediasoup worker does; exits the process by default (see mediasoup/engine.ts) */
  onWorkerDied?: (error: Error) => void;
  /** the mediasoup worker binary to run (MEDIASOUP_WORKER_BIN); default mediasoup's own */
  workerBin?: string;
}

export async function createSfuEngine(options: CreateSfuEngineOptions): Promise<SfuEngine> {
  const { engine, logger, onWorkerDied, workerBin, ...listen } = options;
  if (engine === 'werift') {
    logger.info('SFU engine: werift (configured)');
    return createWeriftEngine({ ...listen, logger });
  }
  const started = await startWorker(workerBin);
  if ('worker' in started) {
    const { createMediasoupEngine } = require('./mediasoup/engine') as typeof import('./mediasoup/engine');
    logger.info(
      { workerPid: started.worker.pid },
      `SFU engine: mediasoup (${engine === 'auto' ? 'worker available' : 'configured'})`,
    );
    return createMediasoupEngine({
      ...listen,
      logger,
      worker: started.worker,
      ...(onWorkerDied ? { onWorkerDied } : {}),
    });
  }
  if (engine === 'mediasoup') throw new Error(`SFU engine mediasoup was configured but cannot run: ${started.reason}`);
  logger.info(`SFU engine: werift (mediasoup worker not available: ${started.reason})`);
  return createWeriftEngine({ ...listen, logger });
}
