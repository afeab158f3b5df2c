// The deny list as the other services see it, against a real HTTP server standing in for the
// identity service's answer: a logged-out session is refused, answers are cached briefly (so a
// request does not cost a call), and an unreachable identity service means 503 once the last answer
// is too old — never a silently accepted session.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteSessionRevocations } from './session-revocations';

describe('session revocations, asked of the identity service', () => {
  let server: Server;
  let url: string;
  const revoked = new Set<string>();
  const asked: string[] = [];
  let up = true;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (!up) {
        res.statusCode = 503;
        res.end();
        return;
      }
      const jti = /^\/api\/identity\/sessions\/([^/]+)\/revoked$/.exec(req.url ?? '')?.[1];
      if (!jti) {
        res.statusCode = 404;
        res.end();
        return;
      }
      asked.push(jti);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ revoked: revoked.has(decodeURIComponent(jti)) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses a logged-out session once the short cache has passed, and caches within it', async () => {
    let clock = 1_000_000;
    const revocations = createRemoteSessionRevocations({ identityUrl: url, freshMs: 5_000, now: () => clock });
    const exp = Math.floor(Date.now() / 1000) + 60;
    expect(await revocations.isRevoked('s-1', exp)).toBe(false);
    expect(await revocations.isRevoked('s-1', exp)).toBe(false);
    expect(asked.filter((jti) => jti === 's-1')).toHaveLength(1);
    revoked.add('s-1');
    clock += 5_001;
    expect(await revocations.isRevoked('s-1', exp)).toBe(true);
    up = false;
    expect(await revocations.isRevoked('s-1', exp)).toBe(true); // a revoked answer is kept
    up = true;
  });

  it('uses the last answer briefly while identity is down, then refuses with 503', async () => {
    let clock = 2_000_000;
    const revocations = createRemoteSessionRevocations({ identityUrl: url, freshMs: 1_000, staleIfErrorMs: 10_000, now: () => clock });
    const exp = Math.floor(Date.now() / 1000) + 60;
    expect(await revocations.isRevoked('s-2', exp)).toBe(false);
    up = false;
    clock += 2_000;
    expect(await revocations.isRevoked('s-2', exp)).toBe(false);
    clock += 10_000;
    await expect(revocations.isRevoked('s-2', exp)).rejects.toMatchObject({ status: 503 });
    await expect(revocations.isRevoked('never-seen', exp)).rejects.toMatchObject({ status: 503 });
    up = true;
  });
});
