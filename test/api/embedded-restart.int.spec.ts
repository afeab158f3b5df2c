// The embedded mode's read models live in memory, but a start does not replay all history: each is
// restored from its snapshot in PGlite and applies only the events after it. Three starts on one data
// folder, history growing between them: at every restart each read model reads only the few events
// after its snapshot (not the hundreds in the stores), and what it serves is complete — every job,
// a read-your-writes token from before the restart already reached, a new write seen exactly once.
// The count comes from the start's own log line (`read model caught up`); no timing is asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { apiPaths, type JobListResponse, type SignUpResponse } from '@candor/contracts';
import { embeddedEnv, startEmbedded, type EmbeddedCandor } from '@candor/embedded';
import { loadConfig, type Logger } from '@candor/runtime';
import { request } from '../support/http';

interface CaughtUp {
  projection: string;
  from: number;
  replayed: number;
  fromSnapshot: boolean;
}

describe('embedded read models start from their snapshots', () => {
  const root = mkdtempSync(join(tmpdir(), 'candor-restart-'));
  const dataDir = join(root, 'data');
  let candor: EmbeddedCandor | undefined;
  afterAll(async () => {
    await candor?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  /** One start on the data folder; answers the server and what each read model's catch-up said. */
  async function start(): Promise<{ candor: EmbeddedCandor; caughtUp: CaughtUp[] }> {
    const caughtUp: CaughtUp[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split('\n').filter(Boolean)) {
            const entry = JSON.parse(line) as CaughtUp & { msg: string };
            if (entry.msg === 'read model caught up') caughtUp.push(entry);
          }
          done();
        },
      }),
    ) as unknown as Logger;
    const started = await startEmbedded(
      loadConfig(embeddedEnv, { PORT: '0', LOG_LEVEL: 'info', CANDOR_DATA_DIR: dataDir, CANDOR_DEMO: 'off' }),
      { logger },
    );
    return { candor: started, caughtUp };
  }

  const eventsInStores = async (c: EmbeddedCandor) => {
    let total = 0;
    for (const store of Object.values(c.stores)) total += (await store.readAll({ after: 0, limit: 100_000 })).length;
    return total;
  };

  it('replays only the events after the snapshot, however long the history, and serves all of it', async () => {
    let first = await start();
    candor = first.candor;
    // a first start on an empty folder has no snapshot: every read model is built from the (empty) stores
    expect(first.caughtUp.length).toBeGreaterThanOrEqual(10);
    expect(first.caughtUp.every((c) => !c.fromSnapshot && c.replayed === 0)).toBe(true);
    const signUp = await request(candor.url, 'POST', apiPaths.identity.signUp, {
      body: { organisationName: 'Restart Ltd', name: 'Ada', email: 'ada@restart.test', password: 'a long enough password' },
    });
    const { token } = signUp.body as SignUpResponse;
    const createJobs = async (c: EmbeddedCandor, count: number, from: number) => {
      let waitFor = '';
      for (let n = from; n < from + count; n++) {
        const created = await request(c.url, 'POST', apiPaths.invite.jobs, {
          token,
          body: { title: `Engineer ${n}`, questions: [{ text: 'Why?' }] },
        });
        expect(created.status).toBe(201);
        waitFor = created.body.waitFor as string;
      }
      return waitFor;
    };
    const listJobs = async (c: EmbeddedCandor, waitFor?: string) =>
      (await request(c.url, 'GET', `${apiPaths.invite.jobs}${waitFor ? `?waitFor=${encodeURIComponent(waitFor)}` : ''}`, { token }))
        .body as JobListResponse;

    const lastBeforeRestart = await createJobs(candor, 150, 0);
    expect((await listJobs(candor, lastBeforeRestart)).jobs).toHaveLength(150);
    await candor.stop();

    for (const [round, total] of [
      [1, 300],
      [2, 450],
    ] as const) {
      const next = await start();
      candor = next.candor;
      const history = await eventsInStores(candor);
      expect(history).toBeGreaterThanOrEqual(total - 150);
      // every read model came from its snapshot and read at most a handful of events (the last
      // events of a store may be internal ones, which never reach the bus; the snapshot stops before them)
      expect(next.caughtUp.length).toBe(first.caughtUp.length);
      for (const c of next.caughtUp) {
        expect({ projection: c.projection, fromSnapshot: c.fromSnapshot }).toEqual({ projection: c.projection, fromSnapshot: true });
        expect(c.replayed).toBeLessThanOrEqual(5);
      }
      expect(next.caughtUp.reduce((sum, c) => sum + c.replayed, 0)).toBeLessThan(history / 20);
      // the read model is whole: a token from before the restart is reached at once, every job is listed
      const before = await listJobs(candor, round === 1 ? lastBeforeRestart : undefined);
      expect(before.caughtUp).toBe(true);
      expect(before.jobs).toHaveLength(total - 150);
      // and it carries on live: the new jobs are listed once each
      const last = await createJobs(candor, 150, total - 150);
      const after = await listJobs(candor, last);
      expect(after.caughtUp).toBe(true);
      expect(after.jobs).toHaveLength(total);
      expect(new Set(after.jobs.map((job) => job.id)).size).toBe(total);
      await candor.stop();
      candor = undefined;
      first = next;
    }
  }, 240_000);
});
