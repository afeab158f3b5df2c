// Which client libraries each entry point loads. The runtime's index and every service's package
// (its factory and composition, what the embedded mode imports) must not load an adapter's client
// library; a service's own process loads Postgres, Kafka and Mongo through
// `@candor/runtime/distributed` and never PGlite. Each case loads the module in a fresh Node process
// (through tsx, as `npm start` and the services' mains do) and lists the packages it loaded.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..');
const heavy = ['pg', 'kafkajs', 'mongodb', '@electric-sql/pglite'] as const;

function packagesLoadedBy(specifier: string): string[] {
  const script = `
    const { sep } = require('node:path');
    require(${JSON.stringify(specifier)});
    const loaded = new Set();
    for (const file of Object.keys(require.cache)) {
      const at = file.lastIndexOf('node_modules' + sep);
      if (at < 0) continue;
      const [scope, name] = file.slice(at + 'node_modules'.length + 1).split(sep);
      loaded.add(scope.startsWith('@') ? scope + '/' + name : scope);
    }
    process.stdout.write(JSON.stringify([...loaded]));
  `;
  const output = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(output) as string[];
}

const heavyIn = (packages: string[]) => heavy.filter((name) => packages.includes(name));

describe('adapter entry points', () => {
  it('the core runtime loads no adapter client library', () => {
    const loaded = packagesLoadedBy('@candor/runtime');
    expect(loaded).toContain('express'); // the probe sees what was loaded
    expect(heavyIn(loaded)).toEqual([]);
  });

  it.each([
    '@candor/identity',
    '@candor/invite',
    '@candor/session',
    '@candor/notification',
    '@candor/media',
    '@candor/recording',
    '@candor/sharing',
  ])(
    '%s (factory and composition) loads no adapter client library',
    (service) => {
      expect(heavyIn(packagesLoadedBy(service))).toEqual([]);
    },
  );

  it('a service process (distributed) loads Postgres, Kafka and Mongo, never PGlite', () => {
    expect(heavyIn(packagesLoadedBy('@candor/runtime/distributed')).sort()).toEqual(['kafkajs', 'mongodb', 'pg']);
  });

  it('each adapter entry point loads its own client library only', () => {
    expect(heavyIn(packagesLoadedBy('@candor/runtime/postgres'))).toEqual(['pg']);
    expect(heavyIn(packagesLoadedBy('@candor/runtime/kafka'))).toEqual(['kafkajs']);
    expect(heavyIn(packagesLoadedBy('@candor/runtime/mongo'))).toEqual(['mongodb']);
    expect(heavyIn(packagesLoadedBy('@candor/runtime/pglite'))).toEqual(['@electric-sql/pglite']);
  });
});
