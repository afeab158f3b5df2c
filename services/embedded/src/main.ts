// `npm start`: runs Candor in one process and prints where to find it.
import { mediasoupWorkerPresent } from '@candor/media';
import { ConfigError, loadConfig } from '@candor/runtime';
import { embeddedEnv } from './config';
import { loadFrontendHandler } from './frontend-handler';
import { startEmbedded } from './server';

async function main(): Promise<void> {
  const config = loadConfig(embeddedEnv);
  const candor = await startEmbedded(config, { loadFrontend: loadFrontendHandler });
  console.log(`Candor is running at ${candor.url}`);
  if (candor.demo) console.log(`Demo login: ${candor.demo.email} / ${candor.demo.password}`);
  console.log(`Live video rooms run on the ${candor.sfuEngine} SFU engine${engineNote(candor.sfuEngine)}.`);
  console.log(`Data is kept in ${config.CANDOR_DATA_DIR}; stop with Ctrl+C.`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping Candor…`);
    candor.stop().then(
      () => process.exit(0),
      (error) => {
        console.error('Candor did not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Why werift runs when it does: mediasoup is preferred whenever its worker loads. */
function engineNote(engine: 'mediasoup' | 'werift'): string {
  if (engine === 'mediasoup') return '';
  const mediasoup = mediasoupWorkerPresent();
  return mediasoup.available ? ' (chosen by CANDOR_SFU_ENGINE)' : ` (pure TypeScript; mediasoup is not used: ${mediasoup.reason})`;
}

process.on('unhandledRejection', (reason) => {
  console.error('unhandled rejection:', reason);
});

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
