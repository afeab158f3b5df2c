// Test support (not exported by the runtime): runs a suite on every SQL adapter, in-memory PGlite
// always and a real Postgres when CANDOR_TEST_PG_URL (environment, or the file `npm run infra:up`
// writes) names one. A missing server skips loudly; with CANDOR_REQUIRE_INFRA=1 it fails instead.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPgClient } from '../src/sql/pg';
import { createPgliteClient } from '../src/sql/pglite';
import type { SqlClient } from '../src/sql/types';

export interface TestDatabase {
  adapter: 'pglite' | 'postgres';
  /** true where transactions really run at the same time (not on PGlite) */
  concurrent: boolean;
  /** the suite's client, open between beforeAll and afterAll */
  sql(): SqlClient;
  /** another client on the same database, like a second replica would have (closed after the suite) */
  connect(): SqlClient;
  /** a fresh schema name, dropped after the suite */
  newSchema(): string;
}

export function testPostgresUrl(): string | undefined {
  if (process.env.CANDOR_TEST_PG_URL) return process.env.CANDOR_TEST_PG_URL;
  const file = join(__dirname, '..', '..', '..', '.cache', 'infra', 'env');
  if (!existsSync(file)) return undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^(?:export\s+)?CANDOR_TEST_PG_URL=["']?(.*?)["']?$/.exec(line.trim());
    if (match?.[1]) return match[1];
  }
  return undefined;
}

function suite(adapter: TestDatabase['adapter'], open: () => SqlClient, body: (db: TestDatabase) => void) {
  let main: SqlClient | undefined;
  const extra: SqlClient[] = [];
  const schemas: string[] = [];
  const db: TestDatabase = {
    adapter,
    concurrent: adapter === 'postgres',
    sql: () => {
      if (!main) throw new Error('the test database is open only inside the suite');
      return main;
    },
    // PGlite has one connection per database: a "second replica" shares it
    connect: () => {
      if (adapter === 'pglite') return db.sql();
      const client = open();
      extra.push(client);
      return client;
    },
    newSchema: () => {
      const schema = `candor_test_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      return schema;
    },
  };
  beforeAll(async () => {
    main = open();
    try {
      await main.query('SELECT 1');
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG') {
        // PGlite loads its WASM with dynamic import(), which Jest's sandbox refuses without the flag
        throw new Error('PGlite under Jest needs NODE_OPTIONS=--experimental-vm-modules');
      }
      throw error;
    }
  });
  afterAll(async () => {
    await Promise.all(extra.map((client) => client.close()));
    for (const schema of schemas) await main?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await main?.close();
  });
  body(db);
}

export function describeEachDatabase(title: string, body: (db: TestDatabase) => void): void {
  describe(`${title} (PGlite)`, () => suite('pglite', () => createPgliteClient(), body));

  if (process.env.CANDOR_TEST_CONTAINERS === '1') {
    // `npm run test:containers`: a Postgres container of the project's image for this suite
    describe(`${title} (Postgres in a container)`, () => {
      let started: { infra: { pgUrl?: string }; stop(): Promise<void> } | undefined;
      beforeAll(async () => {
        // the repository's test support (outside this package's TypeScript project, hence the path
        // built at run time); loaded only on this path: testcontainers is heavy
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { startContainers } = require(join(__dirname, '..', '..', '..', 'test', 'support', 'containers')) as {
          startContainers(names: ['postgres']): Promise<NonNullable<typeof started>>;
        };
        started = await startContainers(['postgres']);
      }, 300_000);
      suite('postgres', () => createPgClient({ connectionString: started!.infra.pgUrl!, max: 20 }), body);
      // after the suite's own afterAll (hooks run in the order declared), which still drops its schemas
      afterAll(() => started?.stop(), 120_000);
    });
    return;
  }

  const url = testPostgresUrl();
  if (url) {
    describe(`${title} (Postgres)`, () => suite('postgres', () => createPgClient({ connectionString: url, max: 20 }), body));
    return;
  }
  const reason = `${title} (Postgres): SKIPPED, CANDOR_TEST_PG_URL is not set (run \`npm run infra:up\`)`;
  if (process.env.CANDOR_REQUIRE_INFRA === '1') {
    describe(`${title} (Postgres)`, () =>
      test('needs its server (CANDOR_REQUIRE_INFRA=1)', () => {
        throw new Error(reason);
      }));
    return;
  }
  console.warn(`\n*** ${reason} ***\n`);
  describe.skip(`${title} (Postgres)`, () => suite('postgres', () => createPgliteClient(), body));
}
