// Runs the built app on its own (distributed mode). SvelteKit 3 takes the page origin from the
// request and assumes https unless a header says otherwise; form posts whose Origin differs are
// refused. Behind a TLS proxy set CANDOR_TRUST_PROXY=true (the proxy's X-Forwarded-Proto is used);
// otherwise the protocol is the one this server really speaks, set on a header we always overwrite.
import { createServer, request } from 'node:http';

process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
const trustProxy = process.env.CANDOR_TRUST_PROXY === 'true';
const { handler } = await import('./build/handler.js');

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const server = createServer((req, res) => {
  // liveness for container probes and the image's HEALTHCHECK: the process serves HTTP (the pages
  // themselves need the services, whose own probes say whether they are up)
  if (req.url === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : '{"status":"ok","service":"frontend"}');
    return;
  }
  if (!trustProxy) req.headers['x-forwarded-proto'] = 'http';
  handler(req, res, () => {
    res.statusCode = 404;
    res.end('Not found');
  });
});

// The live room's signalling WebSocket is the media service's; browsers open it on this origin
// (`/api/media/signal`), so pass those upgrades through to CANDOR_MEDIA_URL untouched. (Behind an
// ingress, route /api/media/signal to the media service there instead.)
const mediaUrl = process.env.CANDOR_MEDIA_URL ? new URL(process.env.CANDOR_MEDIA_URL) : null;
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  if (!mediaUrl || !req.url?.startsWith('/api/media/signal')) {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    return;
  }
  const upstream = request({
    host: mediaUrl.hostname,
    port: mediaUrl.port || 80,
    path: req.url,
    method: 'GET',
    headers: { ...req.headers, host: mediaUrl.host },
  });
  upstream.on('upgrade', (answer, upstreamSocket, upstreamHead) => {
    const lines = [`HTTP/1.1 101 Switching Protocols`];
    for (let i = 0; i < answer.rawHeaders.length; i += 2) lines.push(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (upstreamHead.length) socket.write(upstreamHead);
    if (head.length) upstreamSocket.write(head);
    upstreamSocket.on('error', () => socket.destroy());
    socket.on('close', () => upstreamSocket.destroy());
    upstreamSocket.on('close', () => socket.destroy());
    upstreamSocket.pipe(socket).pipe(upstreamSocket);
  });
  upstream.on('response', (answer) => {
    socket.end(`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}\r\nConnection: close\r\n\r\n`);
  });
  upstream.on('error', () => socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n'));
  upstream.end();
});

server.listen(port, host, () => console.log(`frontend listening on http://${host}:${server.address().port}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => server.close(() => process.exit(0)));
