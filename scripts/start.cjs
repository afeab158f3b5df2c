#!/usr/bin/env node
// `npm start`: builds the frontend when it has not been built (or its sources changed), compiles the
// server ahead of time the same way (scripts/build-server.cjs), then runs every Candor service in
// this one process (services/embedded) from that JavaScript, with Node's compile cache on: a warm
// start neither compiles TypeScript nor parses the same JavaScript again (docs/benchmarks.md, "Start").
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const frontend = join(root, 'frontend');
const built = join(frontend, 'build', 'handler.js');

function newestChange(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'build' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function viteBin() {
  const candidates = [join(frontend, 'node_modules', 'vite', 'bin', 'vite.js'), join(root, 'node_modules', 'vite', 'bin', 'vite.js')];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error('vite is not installed: run npm install first');
  return found;
}

const sources = [join(frontend, 'src'), join(root, 'contracts', 'src')];
const frontendStale = !existsSync(built) || Math.max(...sources.map(newestChange)) > statSync(built).mtimeMs;
if (frontendStale) {
  console.log('Building the frontend (first start, or its sources changed)…');
  const result = spawnSync(process.execPath, [viteBin(), 'build', '--logLevel', 'warn'], {
    cwd: frontend,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  // SvelteKit's adapter ends its output with advice for its own template ("Run npm run preview …"),
  // which is not true of Candor: and the adapter's own banner lines; keep only the others.
  const output = (result.stdout ?? '').split('\n').filter((line) => line.trim() && !/npm run preview|Using @sveltejs\/adapter-node|^\s*✔ done\s*$/.test(line));
  if (output.length) console.log(output.join('\n'));
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// the server: every workspace's src/ (the @candor/* packages it bundles) and the build script
const { buildServer, outfile } = require('./build-server.cjs');
const services = join(root, 'services');
const serverSources = [
  join(root, 'contracts', 'src'),
  ...readdirSync(services).map((name) => join(services, name, 'src')).filter((dir) => existsSync(dir)),
];
const serverStale =
  !existsSync(outfile) ||
  Math.max(statSync(join(__dirname, 'build-server.cjs')).mtimeMs, ...serverSources.map(newestChange)) > statSync(outfile).mtimeMs;

async function run() {
  if (serverStale) await buildServer();
  // V8's compiled code of every module is kept under .cache/ and reused by the next start
  require('node:module').enableCompileCache?.(join(root, '.cache', 'node-compile-cache'));
  require(outfile);
}

run().catch((error) => {
  console.error(error);
  process.exit(1);
});
