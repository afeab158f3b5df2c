// `npm run bench:embedded-start`: how long `npm start` takes to start as history grows, from 0 to
// 50,000 events, in one run. The embedded mode (PGlite on disk, the in-process bus, read models in
// memory) is started on one data folder again and again; each start brings every read model up to
// date (from its snapshot plus the events after it) and every policy (from its durable checkpoint)
// before the API answers. Timed: `startEmbedded` until it resolves (the API answers), without the
// frontend (the same for every size). The history is 10,000 jobs, each created and edited four times
// (50,000 events in the invite service's store, appended in transactions of 500 as the API would
// append them, published by the relay and applied live). For comparison in the same run: the start
// without snapshots (each removed first), i.e. every read model rebuilt from all history, as before.
// The cases take turns (0 events, 50,000, 50,000 without snapshots, again), each on its own data
// folder, so the machine's load drifting during the run reaches all of them alike. The events each
// start replayed, and how long its read models took, come from its log (`read model caught up`).
//   BENCH_EVENTS (50000)  history size of the second measurement
//   BENCH_STARTS (3)      timed starts per case (the median is reported)
//   BENCH_TRACE (unset)   1: print every start's log lines with their time since the start began
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { inviteEventTypes } from '@candor/contracts';
import { embeddedEnv, startEmbedded, type EmbeddedCandor } from '@candor/embedded';
import { loadConfig, type Logger } from '@candor/runtime';
import { createPgliteClient } from '@candor/runtime/pglite';

const eventsWanted = Number(process.env.BENCH_EVENTS ?? 50_000);
const starts = Number(process.env.BENCH_STARTS ?? 3);
const editsPerJob = 4;

interface Start {
  ms: number;
  /** of which bringing the read models up to date (their snapshot and the events after it) */
  readModelsMs: number;
  replayed: number;
  fromSnapshot: number;
  readModels: number;
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'candor-bench-start-'));
  // two data folders: one stays empty, the other gets the history; their starts take turns, so a
  // change in the machine's load during the run reaches every case alike
  const folders = { empty: join(root, 'empty'), history: join(root, 'history') };
  const configOf = (dataDir: string) =>
    loadConfig(embeddedEnv, { PORT: '0', LOG_LEVEL: 'info', CANDOR_DATA_DIR: dataDir, CANDOR_DEMO: 'off' });

  let startedAt = 0;
  /** One start on a data folder, timed; the read models' catch-ups read from its log. */
  async function start(dataDir: string): Promise<{ candor: EmbeddedCandor; start: Start }> {
    const caughtUp: { replayed: number; fromSnapshot: boolean; ms: number }[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split('\n').filter(Boolean)) {
            const entry = JSON.parse(line) as { msg: string; replayed: number; fromSnapshot: boolean; ms: number; time: number };
            if (process.env.BENCH_TRACE === '1') console.log(`  +${entry.time - startedAt} ms ${line.slice(0, 200)}`);
            if (entry.msg === 'read model caught up') caughtUp.push(entry);
          }
          done();
        },
      }),
    ) as unknown as Logger;
    startedAt = Date.now();
    const began = performance.now();
    const candor = await startEmbedded(configOf(dataDir), { logger });
    const ms = performance.now() - began;
    return {
      candor,
      start: {
        ms,
        readModelsMs: caughtUp.reduce((sum, c) => sum + c.ms, 0),
        replayed: caughtUp.reduce((sum, c) => sum + c.replayed, 0),
        fromSnapshot: caughtUp.filter((c) => c.fromSnapshot).length,
        readModels: caughtUp.length,
      },
    };
  }
  const startAndStop = async (dataDir: string) => {
    const { candor, start: result } = await start(dataDir);
    await candor.stop();
    return result;
  };

  /** Removes every read-model snapshot: the next start rebuilds them from all history (as before). */
  async function dropSnapshots() {
    const sql = createPgliteClient({ dataDir: join(folders.history, 'pglite') });
    const { rows } = await sql.query<{ schema: string }>(
      `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'read_model_snapshots'`,
    );
    for (const { schema } of rows) await sql.query(`DELETE FROM "${schema}".read_model_snapshots`);
    await sql.close();
  }

  try {
    // first starts make the schemas (and the empty snapshots)
    await startAndStop(folders.empty);

    // grow the history while Candor runs: the relay publishes it and the read models apply it live
    const growing = await start(folders.history);
    const store = growing.candor.stores.invite;
    const jobs = Math.ceil(eventsWanted / (1 + editsPerJob));
    const at = new Date().toISOString();
    const job = (n: number) => ({
      jobId: `bench-job-${n}`,
      organisationId: 'bench-org',
      title: `Engineer ${n}`,
      description: 'A job of the start bench',
      questions: [{ id: 'q1', text: 'Why?' }],
    });
    const grown = performance.now();
    for (let version = 0; version <= editsPerJob; version++) {
      for (let from = 0; from < jobs; from += 500) {
        await store.appendMany(
          Array.from({ length: Math.min(500, jobs - from) }, (_, i) => {
            const data = job(from + i);
            return {
              streamId: `job-${data.jobId}`,
              events: [
                version === 0
                  ? { type: inviteEventTypes.JobCreated, data: { ...data, createdBy: 'bench', createdAt: at }, metadata: { occurredAt: at } }
                  : {
                      type: inviteEventTypes.JobEdited,
                      data: { ...data, title: `${data.title} (edit ${version})`, editedBy: 'bench', editedAt: at },
                      metadata: { occurredAt: at },
                    },
              ],
              expectedVersion: version,
            };
          }),
        );
      }
    }
    const history = (await store.readAll({ after: 0, limit: 1_000_000 })).length;
    console.log(`history: ${history} events in the invite store, appended in ${((performance.now() - grown) / 1000).toFixed(1)} s`);
    await growing.candor.stop();
    // the start after the growth applies what the live read models had not (the relay may not have
    // published it all before the stop) and snapshots the result; not timed: it happens once
    const afterGrowth = await startAndStop(folders.history);
    console.log(`start after the growth: ${afterGrowth.ms.toFixed(0)} ms, ${afterGrowth.replayed} events replayed`);

    const cases = { empty: [] as Start[], history: [] as Start[], rebuilt: [] as Start[] };
    for (let n = 0; n < starts; n++) {
      cases.empty.push(await startAndStop(folders.empty));
      cases.history.push(await startAndStop(folders.history));
      await dropSnapshots();
      cases.rebuilt.push(await startAndStop(folders.history));
      console.log(
        `round ${n + 1}: 0 events ${cases.empty[n]!.ms.toFixed(0)} ms; ${history} events ${cases.history[n]!.ms.toFixed(0)} ms; ` +
          `${history} events without snapshots ${cases.rebuilt[n]!.ms.toFixed(0)} ms`,
      );
    }
    const median = (results: Start[]) => {
      const sorted = [...results].sort((a, b) => a.ms - b.ms);
      return { ...sorted[Math.floor(sorted.length / 2)]!, all: results.map((r) => Math.round(r.ms)) };
    };
    const [empty, full, rebuilt] = [median(cases.empty), median(cases.history), median(cases.rebuilt)];

    console.log(`\n| events in history | start (median of ${starts}; all) | of which read models | events replayed at start |`);
    console.log('| --: | --: | --: | --: |');
    const row = (label: string, r: typeof empty) =>
      console.log(`| ${label} | ${r.ms.toFixed(0)} ms (${r.all.join(', ')}) | ${r.readModelsMs.toFixed(0)} ms | ${r.replayed.toLocaleString('en')} |`);
    row('0', empty);
    row(history.toLocaleString('en'), full);
    row(`${history.toLocaleString('en')}, snapshots removed (every read model rebuilt)`, rebuilt);
    const file = 'bench-results-embedded-start.json';
    writeFileSync(
      file,
      `${JSON.stringify({ date: new Date().toISOString(), node: process.version, starts, history, empty, withHistory: full, withHistoryNoSnapshots: rebuilt, afterGrowth }, null, 2)}\n`,
    );
    console.log(`written to ${file}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
