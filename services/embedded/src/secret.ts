// Secrets of the embedded mode — the session-signing secret, the link-token keys — generated once
// (256 random bits) and kept in the data folder with owner-only permissions, so sessions and links
// survive a restart.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadOrCreateSecret(
  dataDir: string,
  name = 'session-secret',
  generate = () => randomBytes(32).toString('base64url'),
): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = generate();
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
