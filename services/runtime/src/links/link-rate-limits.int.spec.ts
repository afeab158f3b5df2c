// The link limits over HTTP (express, trusting loopback proxies as the services do): per client
// address, and per link from every address together — where the per-link key is the exact token,
// so a stranger's wrong tokens never spend a real link's budget.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
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
