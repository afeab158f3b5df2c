// The load generator of link-open.bench.ts, in its own process: runs autocannon with one request
// (the page view's call) and prints the figures as JSON. Configured by the LOAD variable:
// { url, request: { method, path, headers, body? }, duration, connections, overallRate? }.
import autocannon from 'autocannon';

const { url, request, duration, connections, overallRate } = JSON.parse(process.env.LOAD ?? '{}') as {
  url: string;
  request: { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };
  duration: number;
  connections: number;
  overallRate?: number;
};

async function main(): Promise<void> {
  const result = await autocannon({ url, duration, connections, overallRate, requests: [request] });
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
