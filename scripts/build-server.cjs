// Compiles the embedded server (services/embedded/src/main.ts and every @candor/* workspace it
// imports) ahead of time into one CommonJS file, services/embedded/dist/main.cjs, which `npm start`
// runs. Why: compiling TypeScript at every start through tsx (an esbuild child process, one
// transform and one module resolution per source file) cost about a third of a warm start's CPU
// (docs/benchmarks.md, "Start"). Third-party packages stay external (loaded from node_modules as
// usual, so their own files, WebAssembly and native parts are found where they expect). The output
// is gitignored (dist/); `npm start` rebuilds it whenever a source is newer (scripts/start.cjs).
const { build } = require('esbuild');
const { mkdirSync, renameSync, writeFileSync } = require('node:fs');
const { builtinModules } = require('node:module');
const { dirname, join, relative, sep } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'services', 'embedded', 'src', 'main.ts');
const outfile = join(root, 'services', 'embedded', 'dist', 'main.cjs');

/**
 * Bundle only relative imports and the @candor/* workspaces; every other package stays a require.
 * A package npm installed under one workspace's own node_modules (a version the root does not
 * hoist) is not found from dist/, so such a require names the file by its path relative to dist/.
 */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@candor/')) return undefined;
      if (args.path.startsWith('node:') || builtinModules.includes(args.path))
        return { path: args.path, external: true };
      let resolved;
      try {
        resolved = require.resolve(args.path, { paths: [args.resolveDir] });
      } catch {
        // import-only packages (loaded with import()) resolve at run time like any bare name
        return { path: args.path, external: true };
      }
      let fromDist;
      try {
        fromDist = require.resolve(args.path, { paths: [dirname(outfile)] });
      } catch {}
      if (fromDist === resolved) return { path: args.path, external: true };
      const path = relative(dirname(outfile), resolved).split(sep).join('/');
      return { path: path.startsWith('.') ? path : './' + path, external: true };
    });
  },
};

async function buildServer() {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    // error names and stack traces keep the source's function and class names
    keepNames: true,
    // `node --enable-source-maps` maps stack traces back to the TypeScript sources
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [externalPackages],
    write: false,
  });
  // written whole or not at all: two starts at once (tests do that) never load a half-written file
  mkdirSync(dirname(outfile), { recursive: true });
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  return outfile;
}

module.exports = { buildServer, outfile };

if (require.main === module) {
  buildServer().then(
    () => console.log(`built ${outfile}`),
    () => process.exit(1),
  );
}
