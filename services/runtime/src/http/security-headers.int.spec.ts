// Every service's app (createHttpApp) over HTTP sends exactly the security headers helmet's defaults
// send — worked out once now instead of by helmet per request — and none of what it dropped on
// purpose: no X-Powered-By, no ETag on API answers. The access log still writes its line (with the
// masked path) when its level is enabled.
import { Writable } from 'node:stream';
import express from 'express';
import helmet from 'helmet';
import pino from 'pino';
import { createLogger } from '../logging';
import { createHttpApp, finishHttpApp } from './app';
import { startHttpServer, type RunningServer } from './server';

const varying = new Set(['date', 'x-request-id', 'content-length', 'connection', 'keep-alive', 'content-type', 'etag']);
const headersOf = (response: Response) =>
  Object.fromEntries([...response.headers].filter(([name]) => !varying.has(name)).sort(([a], [b]) => a.localeCompare(b)));

describe('the app every service starts from', () => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it('sends helmet’s headers, no X-Powered-By and no ETag', async () => {
    const reference = express();
    reference.use(helmet());
    reference.get('/api/thing', (_req, res) => void res.json({ a: 1 }));
    const logger = createLogger('test', 'silent');
    const app = createHttpApp({ logger });
    app.get('/api/thing', (_req, res) => void res.json({ a: 1 }));
    for (const server of [reference, finishHttpApp(app, logger)]) servers.push(await startHttpServer(server, { port: 0, host: '127.0.0.1' }));

    const [expected, actual] = await Promise.all(servers.map((server) => fetch(`${server.url}/api/thing`)));
    expect(headersOf(actual!)).toEqual(headersOf(expected!));
    expect(actual!.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(actual!.headers.get('x-powered-by')).toBeNull();
    expect(expected!.headers.get('etag')).not.toBeNull();
    expect(actual!.headers.get('etag')).toBeNull();
  });

  it('writes an access-log line with the masked path when the level is enabled, and none below it', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    const app = createHttpApp({ logger });
    app.get('/i/:token', (_req, res) => void res.status(404).send('no'));
    app.get('/ok', (_req, res) => void res.send('ok'));
    const server = await startHttpServer(finishHttpApp(app, logger), { port: 0, host: '127.0.0.1' });
    servers.push(server);
    await fetch(`${server.url}/ok`);
    await fetch(`${server.url}/i/secret-capability-token?x=1`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // the 200 logs at debug (below info): nothing; the 404 at info, without the token
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'request completed', req: { method: 'GET', path: '/i/[redacted]' }, res: { statusCode: 404 } });
    expect(JSON.stringify(lines[0])).not.toContain('secret-capability-token');
  });
});
