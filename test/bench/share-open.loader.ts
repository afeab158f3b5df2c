// The load generator of share-open.bench.ts, in its own process: autocannon sending the viewer
// page's view request (POST { token } with the viewing cookie, as a reload does) and printing the
// figures as JSON. Configured by the LOAD variable: { url, path, token, cookie, duration,
// connections, overallRate? }.
import autocannon from 'autocannon';

const { url, path, token, cookie, duration, connections, overallRate } = JSON.parse(process.env.LOAD ?? '{}') as {
  url: string;
  path: string;
  token: string;
  cookie: string;
  duration: number;
  connections: number;
  overallRate?: number;
};

async function main(): Promise<void> {
  const result = await autocannon({
    url,
    duration,
    connections,
    overallRate,
    requests: [
      {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ token }),
      },
    ],
  });
  process.stdout.write(
    JSON.stringify({
      requestsPerSecond: Math.round(result.requests.average),
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      non2xx: result.non2xx,
      errors: result.errors,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
