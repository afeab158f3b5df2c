// Rate-limit counters in the service's database, on PGlite and on a real Postgres: two replicas
// (two clients, two stores) count into one budget, concurrent hits are all counted, a window ends,
// and limiters keep their own counters. Then through express-rate-limit over HTTP: the 429 comes
// from whichever replica the request lands on.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import { describeEachDatabase } from '../../test/test-databases';
import { sqlRateLimitStores } from './sql-rate-limit-store';

describeEachDatabase('rate-limit counters in SQL', (db) => {
  it('counts the hits of two replicas together, and every one of concurrent hits', async () => {
    const schema = db.newSchema();
    const replicaA = sqlRateLimitStores(db.sql(), schema)('link-opens');
    const replicaB = sqlRateLimitStores(db.connect(), schema)('link-opens');
    for (const store of [replicaA, replicaB]) store.init?.({ windowMs: 60_000 } as never);
    expect((await replicaA.increment('10.0.0.1')).totalHits).toBe(1);
    expect((await replicaB.increment('10.0.0.1')).totalHits).toBe(2);
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? replicaA : replicaB).increment('10.0.0.1')));
    expect(burst.map((hit) => hit.totalHits).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 3));
    // another address and another limiter have their own counters
    expect((await replicaB.increment('10.0.0.2')).totalHits).toBe(1);
    const other = sqlRateLimitStores(db.sql(), schema)('link-refusals');
    other.init?.({ windowMs: 60_000 } as never);
    expect((await other.increment('10.0.0.1')).totalHits).toBe(1);
    await replicaA.decrement('10.0.0.1');
    expect((await replicaB.increment('10.0.0.1')).totalHits).toBe(22);
    await replicaB.resetKey('10.0.0.1');
    expect((await replicaA.increment('10.0.0.1')).totalHits).toBe(1);
  });

  it('starts a new window once the old one has passed', async () => {
    const store = sqlRateLimitStores(db.sql(), db.newSchema())('short');
    store.init?.({ windowMs: 200 } as never);
    await store.increment('k');
    const second = await store.increment('k');
    expect(second.totalHits).toBe(2);
    expect(second.resetTime!.getTime()).toBeGreaterThan(Date.now() - 1_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await store.increment('k')).totalHits).toBe(1);
  });

  it('gives one budget to a client whose requests land on either replica', async () => {
    const schema = db.newSchema();
    const replica = async (stores: ReturnType<typeof sqlRateLimitStores>) => {
      const app = express();
      app.use(rateLimit({ windowMs: 60_000, limit: 3, store: stores('opens'), legacyHeaders: false }));
      app.get('/', (_req, res) => {
        res.send('ok');
      });
      const server = createServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
    };
    const [a, b] = [await replica(sqlRateLimitStores(db.sql(), schema)), await replica(sqlRateLimitStores(db.connect(), schema))];
    try {
      const statuses = [];
      for (const url of [a.url, b.url, a.url, b.url]) statuses.push((await fetch(url)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      a.close();
      b.close();
    }
  });
});
