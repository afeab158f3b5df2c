// The load generator of link-open.bench.ts, in its own process: runs autocannon with the one-request
// open (the candidate page's view) and prints the figures as JSON. Configured by the LOAD variable: { url, token, duration, connections, overallRate? }.
import autocannon from 'autocannon';
import { apiPaths } from '@candor/contracts';

const { url, token, duration, connections, overallRate } = JSON.parse(process.env.LOAD ?? '{}') as {
  url: string;
  token: string;
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
    // the candidate page's one request per view: the link token itself, as a bearer
    requests: [{ method: 'GET', path: apiPaths.session.candidate, headers: { authorization: `Bearer ${token}` } }],
  });
  process.stdout.write(
    JSON.stringify({
      requestsPerSecond: Math.round(result.requests.average),
      opensPerSecond: Math.round(result.requests.average),
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
