#!/usr/bin/env node
// `npm start`: builds the frontend when it has not been built (or its sources changed), compiles the
// server ahead of time the same way (scripts/build-server.cjs), then runs every Candor service in
// this one process (services/embedded) from that JavaScript, with Node's compile cache on: a warm
// start neither compiles TypeScript nor parses the same JavaScript again (docs/benchmarks.md, "Start").
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

const sources = [join(frontend, 'src'), join(root, 'contracts', 'src')];
const frontendStale = !existsSync(built) || Math.max(...sources.map(newestChange)) > statSync(built).mtimeMs;
if (frontendStale) {
  console.log('Building the frontend (first start, or its sources changed)…');
  // printing only what is true of Candor (no "Run npm run preview …": see build-frontend.cjs)
  const status = require('./build-frontend.cjs').buildFrontend();
  if (status !== 0) process.exit(status);
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
