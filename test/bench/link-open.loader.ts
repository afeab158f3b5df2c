// The load generator of link-open.bench.ts, in its own process: runs autocannon with the two-request
// open (the second request carries the candidate token the first answered) and prints the figures
// as JSON. Configured by the LOAD variable: { url, token, duration, connections, overallRate? }.
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
    requests: [
      {
        method: 'POST',
        path: apiPaths.invite.openLink,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
        onResponse: (status, body, context) => {
          if (status === 200)
            (context as Record<string, string>).candidateToken = (
              JSON.parse(body) as { candidateToken: string }
            ).candidateToken;
        },
      },
      {
        method: 'GET',
        path: apiPaths.session.candidate,
        setupRequest: (request, context) => ({
          ...request,
          headers: {
            ...request.headers,
            authorization: `Bearer ${(context as Record<string, string>).candidateToken}`,
          },
        }),
      },
    ],
  });
  process.stdout.write(
    JSON.stringify({
      requestsPerSecond: Math.round(result.requests.average),
      opensPerSecond: Math.round(result.requests.average / 2),
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
