// `npm run bench:policy-start`: how long an embedded start spends bringing a policy up to date, as
// history grows to 50,000 events. The embedded mode's in-process bus forgets what it held at a stop,
// so a policy catches up from its source's event store at every start: from its durable checkpoint
// (what a start costs now: what happened since the last run), or — as before checkpoints — from the
// beginning (what it cost: all history). PGlite on disk, as `npm start` runs it; the policy does what
// Candor's policies do: most event types are not its business (here 9 in 10, ignored), and for the
// rest it reads its own stream and appends once, or finds the work done.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConcurrencyError,
  createInProcessBus,
  createLogger,
  createPolicyRunner,
  createPostgresEventStore,
  createSqlPolicyCheckpoints,
  type Policy,
  type PolicyCheckpoints,
} from '@candor/runtime';
import { createPgliteClient } from '@candor/runtime/pglite';

const sizes = (process.env.BENCH_SIZES ?? '0,10000,25000,50000').split(',').map(Number);
const silent = createLogger('bench', 'silent');

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'candor-policy-start-'));
  const sql = createPgliteClient({ dataDir: join(dir, 'pglite') });
  const source = createPostgresEventStore({ sql, schema: 'invite', topic: 'candor.invite.events' });
  const own = createPostgresEventStore({ sql, schema: 'session', topic: 'candor.session.events' });
  await source.init();
  await own.init();
  const policy: Policy = {
    name: 'bench.follower',
    topics: ['candor.invite.events'],
    async handle(event) {
      if ((event.data as { n: number }).n % 10 !== 0) return;
      const stream = `followed-${event.streamId}`;
      if ((await own.readStream(stream)).length > 0) return;
      await own
        .append(stream, [{ type: 'Followed', data: {}, metadata: { occurredAt: event.recordedAt } }], { expectedVersion: 0 })
        .catch((error) => {
          if (!(error instanceof ConcurrencyError)) throw error;
        });
    },
  };
  /** One start of the policy (a fresh bus, as after a restart); returns its catch-up in ms. */
  const start = async (checkpoints: PolicyCheckpoints | undefined) => {
    const bus = createInProcessBus({ logger: silent });
    const runner = createPolicyRunner({ policy, bus, logger: silent, checkpoints, pageSize: 500 });
    const began = performance.now();
    await runner.replay([source]);
    await runner.start();
    const ms = performance.now() - began;
    await runner.stop();
    await bus.close();
    return ms;
  };
  const checkpoints = createSqlPolicyCheckpoints(sql, 'session');
  const rows: string[] = [];
  let history = 0;
  for (const size of sizes) {
    // grow the source's history to `size` events (500 streams per transaction)
    while (history < size) {
      const count = Math.min(500, size - history);
      await source.appendMany(
        Array.from({ length: count }, (_, i) => ({
          streamId: `invite-${history + i}`,
          events: [{ type: 'invite.CandidateInvited.v1', data: { n: history + i }, metadata: { occurredAt: new Date().toISOString() } }],
          expectedVersion: 0,
        })),
      );
      history += count;
    }
    const afterGrowth = await start(checkpoints); // handles what is new since the last start
    const restart = await start(checkpoints); // nothing new: the steady-state start
    const fromBeginning = await start(undefined); // every event again (the behaviour before checkpoints)
    const row = `| ${size.toLocaleString('en')} | ${restart.toFixed(0)} ms | ${afterGrowth.toFixed(0)} ms (${(size - (rows.length ? sizes[rows.length - 1]! : 0)).toLocaleString('en')} new) | ${fromBeginning.toFixed(0)} ms |`;
    rows.push(row);
    console.log(row);
  }
  console.log('\n| events in history | start, nothing new | start after growth | start from the beginning (no checkpoint) |');
  console.log('| --: | --: | --: | --: |');
  for (const row of rows) console.log(row);
  await sql.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
