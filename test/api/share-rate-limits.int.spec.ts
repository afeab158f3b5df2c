// The share viewer's rate limits are shared by every replica of the sharing service: two
// compositions of the service (what two processes run, each with its own database client, bus and
// read-model store) on one real Postgres database count together — per client address (as seen
// through the trusted proxy: X-Forwarded-For from loopback), and per link from every address. A
// guesser who spent their budget on both replicas does not lock out a reviewer at another address.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { sharingPaths } from '@candor/contracts';
import {
  createHttpApp,
  createInProcessBus,
  createLogger,
  createMemoryDocumentStore,
  finishHttpApp,
  generateLinkKeys,
  parseLinkKeys,
  startHttpServer,
  type ComposedService,
  type RunningServer,
  type SqlClient,
} from '@candor/runtime';
import { createPgClient } from '@candor/runtime/postgres';
import { composeSharingService, sharingService } from '@candor/sharing';
import { describeWithInfra } from '../support/infra';

const logger = createLogger('test', 'silent');
/** A token in the shape of a real share token that no link has. */
const forged = () => `k1.${randomBytes(16).toString('base64url')}.${randomBytes(32).toString('base64url')}`;

describeWithInfra('share viewer rate limits across two replicas on one Postgres', ['postgres'], (getInfra) => {
  const database = `candor_share_limits_${randomBytes(5).toString('hex')}`;
  const replicas: { sql: SqlClient; service: ComposedService; server: RunningServer }[] = [];

  beforeAll(async () => {
    const pgUrl = getInfra().pgUrl!;
    const admin = new Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const url = new URL(pgUrl);
    url.pathname = `/${database}`;
    const linkKeys = parseLinkKeys(generateLinkKeys());
    // one after the other: the second finds the schema the first made, as a second replica does
    for (let i = 0; i < 2; i++) {
      const sql = createPgClient(url.toString());
      const service = await composeSharingService(
        { CANDOR_IDENTITY_URL: 'http://127.0.0.1:9', CANDOR_LINK_KEYS: linkKeys },
        { sql, bus: createInProcessBus(), documents: createMemoryDocumentStore(), logger },
        {
          viewerRateLimits: {
            opens: { windowMs: 60_000, limit: 1_000 },
            refusals: { windowMs: 60_000, limit: 4 },
            perLink: { windowMs: 60_000, limit: 6 },
          },
        },
      );
      const app = createHttpApp({ logger, accessLog: false });
      app.use(sharingService.mountPath, service.router);
      const server = await startHttpServer(finishHttpApp(app, logger), { port: 0, host: '127.0.0.1' });
      replicas.push({ sql, service, server });
    }
  }, 60_000);

  afterAll(async () => {
    for (const { sql, service, server } of replicas) {
      await service.close();
      await server.close();
      await service.stop();
      await sql.close();
    }
    const admin = new Client({ connectionString: getInfra().pgUrl! });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  });

  /** A viewer's first request to replica `i` from `address` (the frontend's server forwards it). */
  const view = (i: number, token: string, address: string) =>
    fetch(replicas[i]!.server.url + sharingPaths.viewerView, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ token }),
    }).then((response) => response.status);

  it('counts one address\u2019s refusals on both replicas together; a reviewer elsewhere is still judged', async () => {
    const guesses: number[] = [];
    // alternating replicas: each saw 2 refusals when the 5th guess comes, so only a shared count stops it
    for (let n = 0; n < 6; n++) guesses.push(await view(n % 2, forged(), '198.51.100.7'));
    expect(guesses).toEqual([404, 404, 404, 404, 429, 429]);
    // the reviewer's own address has its own budget on both replicas: their link is judged, not limited
    expect([await view(0, forged(), '203.0.113.20'), await view(1, forged(), '203.0.113.20')]).toEqual([404, 404]);
  });

  it('counts one link\u2019s requests from every address on both replicas together; other links are untouched', async () => {
    const token = forged();
    const statuses: number[] = [];
    // a fresh address each time, so only the per-link budget (6 a minute) can refuse
    for (let n = 0; n < 8; n++) statuses.push(await view(n % 2, token, `192.0.2.${10 + n}`));
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 429, 429]);
    expect(await view(0, forged(), '192.0.2.99')).toBe(404);
  });
});
