// Secrets of the embedded mode — each issuer's signing keys (identity, invite, media) and the
// link-token keys — generated once and kept OUTSIDE the data folder, in the secrets folder
// (CANDOR_SECRETS_DIR, default the data folder's sibling `<data>-secrets/`), owner-only, so that
// sessions and links survive a restart while a copy of the data folder (a backup, a bug report)
// holds no key that opens a link or mints a session. A secrets folder inside the data folder is
// refused. Keys an older version kept in the data folder are moved out at the first start.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, isAbsolute } from 'node:path';

/** The secrets folder for a data folder: the one named, or `<data>-secrets` beside it. */
export function secretsDirFor(dataDir: string, secretsDir?: string): string {
  const data = resolve(dataDir);
  const secrets = resolve(secretsDir ?? `${data.replace(/[\\/]+$/, '')}-secrets`);
  const inside = relative(data, secrets);
  if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
    throw new Error(
      `CANDOR_SECRETS_DIR (${secrets}) must not be inside the data folder (${data}): a copy of the data would open links`,
    );
  }
  return secrets;
}

export interface SecretFiles {
  dir: string;
  /** The secret in `name`, generated (and written, owner-only) the first time. */
  loadOrCreate(name: string, generate: () => string | Promise<string>): Promise<string>;
}

export function secretFiles(dir: string, options: { legacyDataDir?: string; onMoved?: (file: string) => void } = {}): SecretFiles {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return {
    dir,
    async loadOrCreate(name, generate) {
      const file = join(dir, name);
      const legacy = options.legacyDataDir ? join(options.legacyDataDir, name) : undefined;
      if (!existsSync(file) && legacy && existsSync(legacy)) {
        // kept in the data folder by an earlier version: moved, so links already sent keep working
        writeFileSync(file, readFileSync(legacy), { mode: 0o600 });
        rmSync(legacy);
        options.onMoved?.(legacy);
      }
      if (existsSync(file)) return readFileSync(file, 'utf8').trim();
      const secret = await generate();
      writeFileSync(`${file}.tmp`, secret, { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
      return secret;
    },
  };
}

/** A random secret of 256 bits (what the older session secret was). */
export const randomSecret = () => randomBytes(32).toString('base64url');
