// The access log over real HTTP: one line per request at the level its outcome gives, the token of
// a capability path masked, nothing written for a success at the usual level.
import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import { redactedPaths } from '../logging';
import { accessLog } from './access-log';
import { startHttpServer, type RunningServer } from './server';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' } }, stream) };
}

async function serve(level: string) {
  const { lines, logger } = capture(level);
  const app = express();
  app.use((_req, res, next) => {
    res.locals.requestId = 'req-0001';
    next();
  });
  app.use(accessLog(logger));
  app.get('/ok', (_req, res) => void res.json({ ok: true }));
  app.get('/i/:token', (_req, res) => void res.status(410).json({ gone: true }));
  app.get('/boom', (_req, res) => void res.status(500).end());
  app.get('/readyz', (_req, res) => void res.status(503).end());
  app.get('/hang', (req) => void req.socket.destroy());
  return { lines, server: await startHttpServer(app, { port: 0, host: '127.0.0.1' }) };
}

describe('access log', () => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('writes one line per request at the level of its outcome, the capability path masked', async () => {
    const { lines, server } = await serve('debug');
    running = server;
    const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
    for (const path of ['/ok', `/i/${token}?x=${token}`, '/boom', '/readyz']) await fetch(server.url + path);
    await fetch(server.url + '/hang').catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const seen = lines.map((line) => [line.level, (line.req as { path: string }).path, (line.res as { statusCode: number }).statusCode, line.msg]);
    expect(seen).toEqual([
      [20, '/ok', 200, 'request completed'],
      [30, '/i/[redacted]', 410, 'request completed'],
      [50, '/boom', 500, 'request completed'],
      [40, '/readyz', 503, 'request completed'],
      [50, '/hang', 200, 'request aborted'],
    ]);
    expect(lines.every((line) => (line.req as { id: string }).id === 'req-0001' && typeof line.responseTime === 'number')).toBe(true);
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it('writes nothing for a success at level info, and still the failures', async () => {
    const { lines, server } = await serve('info');
    running = server;
    await fetch(server.url + '/ok');
    await fetch(server.url + '/boom');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines.map((line) => (line.req as { path: string }).path)).toEqual(['/boom']);
  });
});
