#!/usr/bin/env node
// Builds the SvelteKit frontend into frontend/build: `npm run build`, and `npm start` when the build
// is missing or older than its sources. Vite and SvelteKit's adapter end their output with advice
// for their own project templates ("Run npm run preview to preview your production build locally"),
// which is not true of Candor (there is no `npm run preview`, and the frontend alone is not the app),
// and with the adapter's banner lines; only the other lines are printed. Warnings and errors go to
// stderr untouched.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const frontend = join(root, 'frontend');

/** The lines of the build's stdout worth printing for Candor. */
function candorBuildOutput(stdout) {
  return stdout
    .split('\n')
    .filter((line) => line.trim() && !/npm run preview|Using @sveltejs\/adapter-node|^\s*✔ done\s*$/.test(line));
}

function viteBin() {
  const candidates = [join(frontend, 'node_modules', 'vite', 'bin', 'vite.js'), join(root, 'node_modules', 'vite', 'bin', 'vite.js')];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error('vite is not installed: run npm install first');
  return found;
}

/** Runs `vite build` in frontend/; answers its exit status. */
function buildFrontend() {
  const result = spawnSync(process.execPath, [viteBin(), 'build', '--logLevel', 'warn'], {
    cwd: frontend,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const output = candorBuildOutput(result.stdout ?? '');
  if (output.length) console.log(output.join('\n'));
  return result.status ?? 1;
}

module.exports = { buildFrontend, candorBuildOutput };

if (require.main === module) process.exit(buildFrontend());
