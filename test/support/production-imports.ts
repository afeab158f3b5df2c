// Proves that production code never reaches test support, so no harness, fake or fixture can end up
// in a service's image or the frontend's bundle, nor a production path depend on one.
//   - Production code: every source file (.ts, .js, .svelte) under contracts/src, services/*/src and
//     frontend/src that is not a spec.
//   - Test support: the root test/ workspace, each package's own test/ folder (services/media/test,
//     frontend/test, …) and every spec file (`*.spec.ts`; specs beside the code are test code).
// Two findings fail the check: a production file importing test support (static or type import,
// export-from, dynamic import(), require, in a Svelte <script> too), and a file in a production
// folder that is test support by its name (a `testing/`, `testdata/` or `fixtures/` folder; a file
// named like a fixture, harness, fake, synthetic peer, mock, `test-*` or `*-contract.ts` / `*.contract.ts`
// suite): it belongs in the package's test/, even before anything imports it.
// Imports are read with TypeScript's own pre-processor (comments and strings cannot fool it) and
// resolved by path, not by compiling, so the whole repository is checked in well under a second.
// `npm run typecheck` runs this file; production-imports.unit.spec.ts runs it too and proves it
// catches each kind of import.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import ts from 'typescript';

/** A source file by its path from the repository root (posix separators). */
export interface SourceText {
  path: string;
  text: string;
}

export interface Finding {
  file: string;
  /** the import specifier, or null for a file that is test support by its name */
  specifier: string | null;
  reason: string;
}

/** How `@candor/<name>` and package-internal `#x/*` imports map to folders (from package.json files). */
export interface PackageMap {
  /** package name → its folder from the repository root, e.g. `@candor/media` → `services/media` */
  folders: ReadonlyMap<string, string>;
  /** `#x/` prefix → folder from the root, e.g. `#lib/` → `frontend/src/lib/`, per importing package folder */
  subpathImports: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

const productionFolder = /^(contracts|services\/[^/]+|frontend)\/src\//;
const sourceFile = /\.(ts|js|svelte)$/;
const spec = /\.spec(\.|$)/;
const testTree = /^(test|(contracts|services\/[^/]+|frontend)\/test)(\/|$)/;
const testSupportFolder = /\/(testing|testdata|fixtures|__tests__|__mocks__)\//;
const testSupportName = /(fixture|harness|fake|synthetic|mock|^test[-.]|test-support|[-.]contract\.ts$)/i;

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export const isSpec = (path: string): boolean => spec.test(basename(path));
export const isTestSupport = (path: string): boolean => testTree.test(path) || isSpec(path);
export const isProductionFile = (path: string): boolean =>
  productionFolder.test(path) && sourceFile.test(path) && !isSpec(path);

/** Where an import specifier points, from the repository root; undefined for packages in node_modules. */
export function importTarget(specifier: string, from: string, packages: PackageMap): string | undefined {
  const target = unresolvedTarget(specifier, from, packages);
  return target === undefined ? undefined : posix.normalize(target);
}

function unresolvedTarget(specifier: string, from: string, packages: PackageMap): string | undefined {
  if (specifier.startsWith('.')) return posix.join(posix.dirname(from), specifier);
  // SvelteKit's alias for src/lib (the frontend's only one).
  if (specifier === '$lib' || specifier.startsWith('$lib/')) return `frontend/src/lib${specifier.slice(4)}`;
  if (specifier.startsWith('#')) {
    const owner = [...packages.subpathImports.keys()].find((folder) => from.startsWith(`${folder}/`));
    const imports = owner === undefined ? undefined : packages.subpathImports.get(owner);
    for (const [prefix, folder] of imports ?? []) {
      if (specifier.startsWith(prefix)) return folder + specifier.slice(prefix.length);
    }
    return undefined;
  }
  const scoped = /^(@[^/]+\/[^/]+)(\/.*)?$/.exec(specifier);
  const folder = scoped?.[1] === undefined ? undefined : packages.folders.get(scoped[1]);
  return folder === undefined ? undefined : folder + (scoped?.[2] ?? '');
}

/** The module specifiers a file imports, in any form TypeScript recognises. */
export function importsOf(file: SourceText): string[] {
  const scripts = file.path.endsWith('.svelte')
    ? [...file.text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '')
    : [file.text];
  return scripts.flatMap((script) => ts.preProcessFile(script, true, true).importedFiles.map((f) => f.fileName));
}

/** Every way the given files break the boundary; empty when production code keeps clear of test support. */
export function checkProductionImports(files: readonly SourceText[], packages: PackageMap): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    if (!isProductionFile(file.path)) continue;
    if (testSupportFolder.test(file.path) || testSupportName.test(basename(file.path))) {
      findings.push({
        file: file.path,
        specifier: null,
        reason: "test support in a production folder: move it to the package's test/",
      });
    }
    for (const specifier of importsOf(file)) {
      const target = importTarget(specifier, file.path, packages);
      if (target !== undefined && isTestSupport(target)) {
        findings.push({ file: file.path, specifier, reason: `imports test support (${target})` });
      }
    }
  }
  return findings;
}

/** The repository's workspaces, read from the root package.json and each workspace's own. */
export function readPackageMap(root: string): PackageMap {
  const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
  const folders = new Map<string, string>();
  const subpathImports = new Map<string, Map<string, string>>();
  for (const folder of readJson('package.json').workspaces as string[]) {
    const manifest = readJson(join(folder, 'package.json'));
    folders.set(manifest.name, folder);
    const prefixes = new Map<string, string>();
    for (const [key, value] of Object.entries((manifest.imports ?? {}) as Record<string, unknown>)) {
      if (typeof value === 'string' && key.endsWith('*') && value.endsWith('*')) {
        prefixes.set(key.slice(0, -1), posix.join(folder, value.slice(0, -1)) + '/');
      }
    }
    if (prefixes.size > 0) subpathImports.set(folder, prefixes);
  }
  return { folders, subpathImports };
}

/** Every production source file of the repository at `root`. */
export function readProductionFiles(root: string, packages: PackageMap): SourceText[] {
  const files: SourceText[] = [];
  for (const folder of packages.folders.values()) {
    const src = join(root, folder, 'src');
    if (!existsSync(src)) continue;
    for (const entry of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
      const path = posix.join(folder, 'src', entry.split('\\').join('/'));
      if (path.includes('/node_modules/') || !isProductionFile(path)) continue;
      files.push({ path, text: readFileSync(join(root, path), 'utf8') });
    }
  }
  return files;
}

export const REPO_ROOT = resolve(__dirname, '..', '..');

export function checkRepository(root: string = REPO_ROOT): { files: number; findings: Finding[] } {
  const packages = readPackageMap(root);
  const files = readProductionFiles(root, packages);
  return { files: files.length, findings: checkProductionImports(files, packages) };
}

if (require.main === module) {
  const { files, findings } = checkRepository();
  for (const finding of findings) {
    console.error(`${finding.file}: ${finding.specifier === null ? '' : `'${finding.specifier}' `}${finding.reason}`);
  }
  if (findings.length > 0) {
    console.error(`production code reaches test support (${findings.length}); see docs/developing.md, "Test support"`);
    process.exit(1);
  }
  console.log(`production imports: ${files} production files, none reaches test support`);
}
