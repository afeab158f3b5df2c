// Bundles each service's distributed entry point (services/<name>/src/main.ts) into one ES module,
// dist/<name>/main.mjs, with esbuild: the TypeScript of the service, the runtime and the contracts,
// and their npm dependencies, so an image carries node, that file and nothing else (no tsx, no
// node_modules, no dev dependencies). The few packages that cannot be bundled stay external and are
// installed next to the bundle by the image build (deploy/Dockerfile): see `external` below.
// `frontend` assembles dist/frontend instead: the built SvelteKit app (frontend/build, from
// `npm run build -w frontend`) and serve.js, plus the package.json of what adapter-node leaves
// external (the frontend's runtime dependencies other than the bundled contracts).
// Beside each service's folder it writes dist/<name>.contents.json (not copied into any image): the
// npm packages and the repository's source files the bundle holds, read from esbuild's metafile, so
// what an image carries can be checked (test/platform/service-bundles.int.spec.ts).
// Usage: node deploy/bundle.mjs [service|frontend...]   (default: every service with a src/main.ts)
// CANDOR_BUNDLE_DIR: where the services' bundles go instead of dist/ (the check builds into a temporary folder).
import { build } from 'esbuild';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const lockedVersions = (packages) =>
  Object.fromEntries(packages.map((pkg) => [pkg, lock.packages[`node_modules/${pkg}`]?.version ?? lock.packages[`frontend/node_modules/${pkg}`]?.version ?? '*']));
const writePackage = (out, name, main, dependencies) =>
  writeFileSync(join(out, 'package.json'), JSON.stringify({ name, private: true, type: 'module', main, dependencies }, null, 2) + '\n');

const requested = process.argv.slice(2);
if (requested.includes('frontend')) {
  const out = join(root, 'dist', 'frontend');
  if (!existsSync(join(root, 'frontend', 'build', 'handler.js'))) throw new Error('frontend/build is missing: run npm run build -w frontend first');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(join(root, 'frontend', 'build'), join(out, 'build'), { recursive: true });
  cpSync(join(root, 'frontend', 'serve.js'), join(out, 'serve.js'));
  const frontendPackage = JSON.parse(readFileSync(join(root, 'frontend', 'package.json'), 'utf8'));
  const external = Object.keys(frontendPackage.dependencies ?? {}).filter((pkg) => !pkg.startsWith('@candor/'));
  writePackage(out, 'candor-frontend', 'serve.js', lockedVersions(external));
  console.log(`frontend: dist/frontend (runtime packages: ${external.join(', ') || 'none'})`);
}
const services = requested.length
  ? requested.filter((name) => name !== 'frontend')
  : readdirSync(join(root, 'services')).filter((name) => name !== 'embedded' && existsSync(join(root, 'services', name, 'src', 'main.ts')));

/** packages loaded from node_modules at run time, per service (installed by the image build) */
const runtimePackages = {
  // mediasoup spawns its C++ worker from its own package folder (and builds or downloads it at install)
  media: ['mediasoup'],
};
// optional peers of the drivers, required inside try/catch when a feature is configured; not used
const optional = [
  'pg-native', 'kerberos', '@mongodb-js/zstd', 'snappy', 'socks', 'aws4', 'mongodb-client-encryption',
  '@aws-sdk/credential-providers', 'gcp-metadata', 'bufferutil', 'utf-8-validate',
  'supports-color', 'pino-pretty',
];

/** The npm packages and the repository's own source files among a bundle's inputs. */
function contentsOf(metafile) {
  const packages = new Set();
  const sources = [];
  for (const input of Object.keys(metafile.inputs)) {
    const at = input.lastIndexOf('node_modules/');
    if (at < 0) {
      sources.push(input);
      continue;
    }
    const [scope, name] = input.slice(at + 'node_modules/'.length).split('/');
    packages.add(scope.startsWith('@') ? `${scope}/${name}` : scope);
  }
  return { packages: [...packages].sort(), sources: sources.sort() };
}

const servicesDir = process.env.CANDOR_BUNDLE_DIR ?? join(root, 'dist');
for (const name of services) {
  const out = join(servicesDir, name);
  mkdirSync(out, { recursive: true });
  const external = [...optional, ...(runtimePackages[name] ?? [])];
  const result = await build({
    entryPoints: [join(root, 'services', name, 'src', 'main.ts')],
    outfile: join(out, 'main.mjs'),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    // CommonJS dependencies inside an ES module bundle still call require() and use __dirname
    banner: {
      js: [
        "import { createRequire as __candorCreateRequire } from 'node:module';",
        "import { fileURLToPath as __candorFileURLToPath } from 'node:url';",
        'const require = __candorCreateRequire(import.meta.url);',
        'const __filename = __candorFileURLToPath(import.meta.url);',
        "const __dirname = __candorFileURLToPath(new URL('.', import.meta.url));",
      ].join('\n'),
    },
    external,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
    metafile: true,
    // input paths in the metafile relative to the repository, wherever the script is run from
    absWorkingDir: root,
  });
  // the packages the image installs next to the bundle, at the lockfile's versions
  writePackage(out, `candor-${name}`, 'main.mjs', lockedVersions(runtimePackages[name] ?? []));
  const contents = contentsOf(result.metafile);
  writeFileSync(
    join(servicesDir, `${name}.contents.json`),
    JSON.stringify({ ...contents, external: runtimePackages[name] ?? [] }, null, 2) + '\n',
  );
  const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
  console.log(`${name}: ${join(servicesDir, name, 'main.mjs')} ${(bytes / 1e6).toFixed(1)} MB, ${contents.packages.length} npm packages`);
}
