// Starts the embedded composition for a suite: PGlite in a fresh temporary folder, in-process bus,
// memory read models, no demo account, no frontend, the local mailbox for email (unless `env` names
// an SMTP server). Its keys go to the data folder's sibling `<data>-secrets`, removed with it.
// Call in beforeAll; stop() in afterAll.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedEnv, startEmbedded, type EmbeddedCandor, type EmbeddedOptions } from '@candor/embedded';
import { createLogger, loadConfig } from '@candor/runtime';

export async function startTestCandor(options: { env?: Record<string, string>; embedded?: EmbeddedOptions } = {}): Promise<EmbeddedCandor> {
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-test-'));
  const config = loadConfig(embeddedEnv, { PORT: '0', LOG_LEVEL: 'silent', CANDOR_DATA_DIR: dataDir, CANDOR_DEMO: 'off', ...options.env });
  const candor = await startEmbedded(config, { logger: createLogger('test', 'silent'), ...options.embedded });
  return {
    ...candor,
    async stop() {
      await candor.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(candor.secretsDir, { recursive: true, force: true });
    },
  };
}
