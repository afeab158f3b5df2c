// The link limits over HTTP (express, trusting loopback proxies as the services do): per client
// address, and per link from every address together — where the per-link key is the exact token,
// so a stranger's wrong tokens never spend a real link's budget.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { sqlRateLimitStores } from '../http/sql-rate-limit-store';
import { createPgliteClient } from '../sql/pglite';
import { linkOpenLimiters } from './link-rate-limits';

describe('link rate limits', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.set('trust proxy', ['loopback']);
    app.use(
      ...linkOpenLimiters({
        opens: { windowMs: 60_000, limit: 5 },
        refusals: { windowMs: 60_000, limit: 100 },
        perLink: { windowMs: 60_000, limit: 8 },
      }),
    );
    app.get('/open', (_req, res) => {
      res.send('ok');
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/open`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const open = (address: string, token: string) =>
    fetch(url, { headers: { 'x-forwarded-for': address, authorization: `Bearer ${token}` } }).then((r) => r.status);

  it('limits per address and per link, and a guesser cannot spend a real link\u2019s budget', async () => {
    // one address: 5 opens, then 429
    const fromOne = [];
    for (let i = 0; i < 6; i++) fromOne.push(await open('192.0.2.1', 'k1.real-link.mac'));
    expect(fromOne).toEqual([200, 200, 200, 200, 200, 429]);
    // a guesser with other tokens from many addresses: its own keys, never the real link's
    for (let i = 0; i < 20; i++) expect(await open(`192.0.2.${100 + i}`, `k1.real-link.guess${i}`)).toBe(200);
    // the real link from other addresses: 8 in all (the 5 let through above count), then 429
    for (const address of ['192.0.2.2', '192.0.2.3', '192.0.2.4']) expect(await open(address, 'k1.real-link.mac')).toBe(200);
    expect(await open('192.0.2.6', 'k1.real-link.mac')).toBe(429);
    // another link from a fresh address is untouched
    expect(await open('192.0.2.5', 'k1.other-link.mac')).toBe(200);
  });
});

describe('the refusal budget, counted in memory and in the database alike', () => {
  for (const where of ['memory', 'database'] as const) {
    it(`counts only refused answers per address, and says when to come back (${where})`, async () => {
      const sql = where === 'database' ? createPgliteClient() : undefined;
      const app = express();
      app.set('trust proxy', ['loopback']);
      app.use(
        ...linkOpenLimiters(
          { opens: { windowMs: 60_000, limit: 1000 }, refusals: { windowMs: 60_000, limit: 3 }, perLink: { windowMs: 60_000, limit: 1000 } },
          sql ? sqlRateLimitStores(sql, 'limits_test') : undefined,
        ),
      );
      // the real link opens, any other token is refused as unknown
      app.get('/open', (req, res) => {
        res.status(req.header('authorization') === 'Bearer k1.real.mac' ? 200 : 404).send();
      });
      const server = createServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/open`;
      const open = (address: string, token: string) =>
        fetch(url, { headers: { 'x-forwarded-for': address, authorization: `Bearer ${token}` } });
      try {
        // successes spend nothing of the refusal budget
        for (let i = 0; i < 10; i++) expect((await open('198.51.100.1', 'k1.real.mac')).status).toBe(200);
        const guesses = [];
        for (let i = 0; i < 4; i++) guesses.push((await open('198.51.100.1', `k1.guess${i}.mac`)).status);
        expect(guesses).toEqual([404, 404, 404, 429]);
        // once out of refusals, the address is refused whatever it sends, and told when to retry
        const limited = await open('198.51.100.1', 'k1.real.mac');
        expect(limited.status).toBe(429);
        expect(limited.headers.get('content-type')).toContain('application/problem+json');
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
        // another address has its own budget
        expect((await open('198.51.100.2', 'k1.real.mac')).status).toBe(200);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await sql?.close();
      }
    });
  }
});
