// The embedded mode keeps its keys apart from its data: the signing keys (identity, invite, media)
// and the link keys live in the secrets folder (`<data>-secrets` by default), so a copy of the data
// folder — a backup, a bug report — opens no candidate link and no recruiter session, while the
// same data with its own secrets folder keeps working across a restart. Keys an older version kept
// in the data folder are moved out; a secrets folder inside the data folder is refused.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiPaths, type CreateInviteResponse, type SignUpResponse } from '@candor/contracts';
import { embeddedEnv, startEmbedded, type EmbeddedCandor } from '@candor/embedded';
import { createLogger, generateLinkKeys, loadConfig } from '@candor/runtime';
import { request } from '../support/http';

const logger = createLogger('test', 'silent');
const start = (env: Record<string, string>) =>
  startEmbedded(loadConfig(embeddedEnv, { PORT: '0', LOG_LEVEL: 'silent', CANDOR_DEMO: 'off', ...env }), { logger });

/** Every file under a folder, recursively (PGlite's files included). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('the secrets folder of the embedded mode', () => {
  const root = mkdtempSync(join(tmpdir(), 'candor-secrets-'));
  const dataDir = join(root, 'data');
  let candor: EmbeddedCandor | undefined;
  afterEach(async () => {
    await candor?.stop();
    candor = undefined;
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('keeps every key outside the data folder: a copy of the data opens no link and no session', async () => {
    candor = await start({ CANDOR_DATA_DIR: dataDir });
    expect(candor.secretsDir).toBe(`${dataDir}-secrets`);
    const signUp = await request(candor.url, 'POST', apiPaths.identity.signUp, {
      body: { organisationName: 'Backups Ltd', name: 'Ada', email: 'ada@backups.test', password: 'a long enough password' },
    });
    const { token } = signUp.body as SignUpResponse;
    const job = await request(candor.url, 'POST', apiPaths.invite.jobs, {
      token,
      body: { title: 'Engineer', questions: [{ text: 'Why?' }] },
    });
    const invited = await request(candor.url, 'POST', apiPaths.invite.invites, {
      token,
      body: { jobId: job.body.id, candidateEmail: 'grace@backups.test' },
    });
    const linkToken = (invited.body as CreateInviteResponse).link.path.slice('/i/'.length);
    const openLink = (url: string) => request(url, 'GET', apiPaths.session.candidate, { token: linkToken });
    const opened = await (async () => {
      for (let tries = 0; tries < 40; tries++) {
        const answer = await openLink(candor!.url);
        if (answer.status === 200) return answer;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return openLink(candor!.url);
    })();
    expect(opened.status).toBe(200);
    await candor.stop();
    candor = undefined;

    // the secrets folder holds the keys, owner-only; the data folder none of their material
    const secrets = readdirSync(`${dataDir}-secrets`).sort();
    expect(secrets).toEqual([
      'identity-signing-keys.json',
      'invite-signing-keys.json',
      'link-keys',
      'media-signing-keys.json',
      'playback-keys',
      'recording-signing-keys.json',
    ]);
    expect(statSync(`${dataDir}-secrets`).mode & 0o077).toBe(0);
    for (const name of secrets) expect(statSync(join(`${dataDir}-secrets`, name)).mode & 0o077).toBe(0);
    const materials = secrets.flatMap((name) => {
      const text = readFileSync(join(`${dataDir}-secrets`, name), 'utf8');
      return name === 'link-keys' || name === 'playback-keys' ? text.split(',').map((key) => key.split(':')[1]!) : JSON.parse(text).keys.map((key: { d: string }) => key.d);
    });
    expect(materials).toHaveLength(6);
    const dataFiles = filesUnder(dataDir);
    expect(dataFiles.length).toBeGreaterThan(0);
    for (const file of dataFiles) {
      const bytes = readFileSync(file);
      for (const material of materials) {
        expect(bytes.includes(material)).toBe(false);
        expect(bytes.includes(Buffer.from(material, material.includes('+') || material.endsWith('=') ? 'base64' : 'base64url'))).toBe(false);
      }
    }

    // a backup of the data folder alone, started elsewhere: new keys, so nothing old opens
    const backup = join(root, 'backup');
    cpSync(dataDir, backup, { recursive: true });
    candor = await start({ CANDOR_DATA_DIR: backup });
    expect((await openLink(candor.url)).status).toBe(404);
    expect((await request(candor.url, 'GET', apiPaths.identity.me, { token })).status).toBe(401);
    await candor.stop();

    // the data with its own secrets folder: the link and the session survive the restart
    candor = await start({ CANDOR_DATA_DIR: dataDir });
    expect((await openLink(candor.url)).status).toBe(200);
    expect((await request(candor.url, 'GET', apiPaths.identity.me, { token })).status).toBe(200);
  });

  it('moves link keys an older version kept in the data folder, and refuses a secrets folder inside the data', async () => {
    const oldData = join(root, 'old-data');
    const linkKeys = generateLinkKeys();
    cpSync(dataDir, oldData, { recursive: true }); // any data folder; what matters is the key file in it
    writeFileSync(join(oldData, 'link-keys'), linkKeys);
    writeFileSync(join(oldData, 'session-secret'), 'the-old-shared-secret-of-32-chars-or-more');
    candor = await start({ CANDOR_DATA_DIR: oldData });
    expect(existsSync(join(oldData, 'link-keys'))).toBe(false);
    expect(existsSync(join(oldData, 'session-secret'))).toBe(false);
    expect(readFileSync(join(`${oldData}-secrets`, 'link-keys'), 'utf8')).toBe(linkKeys);
    await candor.stop();
    candor = undefined;

    await expect(start({ CANDOR_DATA_DIR: dataDir, CANDOR_SECRETS_DIR: join(dataDir, 'keys') })).rejects.toThrow(
      /must not be inside the data folder/,
    );
    await expect(start({ CANDOR_DATA_DIR: dataDir, CANDOR_SECRETS_DIR: dataDir })).rejects.toThrow(/must not be inside/);
  });
});
