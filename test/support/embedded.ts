// Starts the embedded composition for a suite: PGlite in a fresh temporary folder, in-process bus,
// memory read models, no demo account, no frontend. Call in beforeAll; stop() in afterAll.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbedded, type EmbeddedCandor } from '@candor/embedded';
import { createLogger } from '@candor/runtime';

export async function startTestCandor(): Promise<EmbeddedCandor> {
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-test-'));
  const candor = await startEmbedded(
    { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'silent', CANDOR_DATA_DIR: dataDir, MONGO_DATABASE: 'candor', CANDOR_DEMO: 'off' },
    { logger: createLogger('test', 'silent') },
  );
  return {
    ...candor,
    async stop() {
      await candor.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
