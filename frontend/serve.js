// Runs the built app on its own (distributed mode). SvelteKit 3 takes the page origin from the
// request and assumes https unless a header says otherwise; form posts whose Origin differs are
// refused. Behind a TLS proxy set CANDOR_TRUST_PROXY=true (the proxy's X-Forwarded-Proto is used);
// otherwise the protocol is the one this server really speaks, set on a header we always overwrite.
import { createServer } from 'node:http';

process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
const trustProxy = process.env.CANDOR_TRUST_PROXY === 'true';
const { handler } = await import('./build/handler.js');

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const server = createServer((req, res) => {
  if (!trustProxy) req.headers['x-forwarded-proto'] = 'http';
  handler(req, res, () => {
    res.statusCode = 404;
    res.end('Not found');
  });
});
server.listen(port, host, () => console.log(`frontend listening on http://${host}:${port}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => server.close(() => process.exit(0)));
