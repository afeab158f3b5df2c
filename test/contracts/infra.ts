// Where the contract suites find real servers: the environment, or the file `npm run infra:up`
// writes. A missing server skips its suite loudly; with CANDOR_REQUIRE_INFRA=1 it fails instead.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function infraEnv(): Record<string, string> {
  const file = join(__dirname, '..', '..', '.cache', 'infra', 'env');
  const values: Record<string, string> = {};
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const match = /^(?:export\s+)?([A-Z0-9_]+)=["']?(.*?)["']?$/.exec(line.trim());
      if (match) values[match[1]!] = match[2]!;
    }
  }
  return { ...values, ...Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)) };
}

function describeWithServer(variable: string, title: string, body: (value: () => string) => void): void {
  const value = infraEnv()[variable];
  if (value) {
    describe(title, () => body(() => value));
    return;
  }
  const reason = `${title}: SKIPPED, ${variable} is not set (run \`npm run infra:up\`)`;
  if (process.env.CANDOR_REQUIRE_INFRA === '1') {
    describe(title, () => test('needs its server (CANDOR_REQUIRE_INFRA=1)', () => {
      throw new Error(reason);
    }));
    return;
  }
  console.warn(`\n*** ${reason} ***\n`);
  describe.skip(title, () => body(() => ''));
}

export function describeWithKafka(title: string, body: (brokers: () => string[]) => void): void {
  describeWithServer('CANDOR_TEST_KAFKA_BROKERS', title, (value) => body(() => value().split(',')));
}

export function describeWithMongo(title: string, body: (url: () => string) => void): void {
  describeWithServer('CANDOR_TEST_MONGO_URL', title, body);
}
