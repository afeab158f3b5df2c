// What each service's image carries. An image holds its service's bundle (deploy/bundle.mjs, what
// deploy/Dockerfile runs) and, for media, mediasoup next to it; so the bundle's inputs are the
// image's code. This builds every bundle with the real script into a temporary folder and reads
// the contents it lists (from esbuild's metafile):
//   - every service process runs Postgres, Kafka and Mongo, and none carries PGlite (the embedded
//     mode's database);
//   - a library one service names for itself (mediasoup, werift, the S3 client, wink-nlp,
//     nodemailer, …) is in the images of the services that name it and no other's;
//   - what a service names for itself is in its image (nothing declared and unused), or installed
//     next to it;
//   - no test support and no other service's source is bundled.
// Not a docker build (`npm run test:images` builds and runs the images): this runs in seconds.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, isTestSupport } from '../support/production-imports';

const services = ['identity', 'invite', 'session', 'notification', 'media', 'recording', 'sharing'] as const;
type Service = (typeof services)[number];

interface BundleContents {
  /** npm packages bundled */
  packages: string[];
  /** the repository's own files bundled (paths from its root) */
  sources: string[];
  /** packages the image installs beside the bundle */
  external: string[];
}

const readJson = (path: string) => JSON.parse(readFileSync(join(REPO_ROOT, path), 'utf8'));
const dependenciesOf = (folder: string): string[] => Object.keys(readJson(`${folder}/package.json`).dependencies ?? {});

/** What every service gets from the shared packages (the runtime, the contracts) and the drivers the runtime leaves to them. */
const shared = new Set([
  ...dependenciesOf('services/runtime'),
  ...dependenciesOf('contracts'),
  ...Object.keys(readJson('services/runtime/package.json').peerDependencies ?? {}),
]);
/** The libraries each service names for itself, beyond what is shared. */
const ownLibraries = Object.fromEntries(
  services.map((service) => [service, dependenciesOf(`services/${service}`).filter((pkg) => !pkg.startsWith('@candor/') && !shared.has(pkg))]),
) as Record<Service, string[]>;

let dir: string;
const contents = {} as Record<Service, BundleContents>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'candor-bundles-'));
  execFileSync(process.execPath, [join(REPO_ROOT, 'deploy', 'bundle.mjs'), ...services], {
    cwd: REPO_ROOT,
    env: { ...process.env, CANDOR_BUNDLE_DIR: dir },
    stdio: 'pipe',
    timeout: 170_000,
  });
  for (const service of services) {
    contents[service] = JSON.parse(readFileSync(join(dir, `${service}.contents.json`), 'utf8')) as BundleContents;
  }
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("each service's image carries what it runs and nothing else", () => {
  it.each(services)('%s runs Postgres, Kafka and Mongo, and carries no PGlite', (service) => {
    const { packages } = contents[service];
    expect(packages).toEqual(expect.arrayContaining(['pg', 'kafkajs', 'mongodb', 'express', 'zod']));
    expect(packages).not.toContain('@electric-sql/pglite');
  });

  it.each(services)("%s carries no other service's own library", (service) => {
    const carried = new Set([...contents[service].packages, ...contents[service].external]);
    const foreign = services
      .filter((other) => other !== service)
      .flatMap((other) => ownLibraries[other])
      .filter((pkg) => !ownLibraries[service].includes(pkg) && carried.has(pkg));
    expect(foreign).toEqual([]);
  });

  it.each(services)('%s carries every library it names for itself (none declared and unused)', (service) => {
    const carried = new Set([...contents[service].packages, ...contents[service].external]);
    expect(ownLibraries[service].filter((pkg) => !carried.has(pkg))).toEqual([]);
  });

  it.each(services)("%s bundles no test support and no other service's source", (service) => {
    const { sources } = contents[service];
    expect(sources).toContain(`services/${service}/src/main.ts`);
    expect(sources.filter((path) => isTestSupport(path))).toEqual([]);
    const otherServices = sources.filter(
      (path) => /^services\/[^/]+\//.test(path) && !path.startsWith(`services/${service}/`) && !path.startsWith('services/runtime/'),
    );
    expect(otherServices).toEqual([]);
  });

  it('the libraries that set the services apart are where they are used', () => {
    // a check that the checks above see something: the one-service libraries, by name
    expect(contents.media.external).toEqual(['mediasoup']);
    expect(contents.media.packages).toEqual(expect.arrayContaining(['werift', 'ws', 'sdp-transform']));
    expect(contents.session.packages).toContain('wink-nlp');
    expect(contents.recording.packages).toContain('@aws-sdk/client-s3');
    expect(contents.notification.packages).toEqual(expect.arrayContaining(['nodemailer', 'ical-generator']));
    for (const service of ['identity', 'invite', 'session', 'notification', 'sharing'] as const) {
      expect(contents[service].packages).not.toContain('werift');
      expect(contents[service].packages).not.toContain('@aws-sdk/client-s3');
    }
  });
});
