// What the fuzzer needs around its properties: the operations of the served OpenAPI document, one
// request built and sent per generated case (a pool keeps a few in flight), and the number of events
// in every store (to prove a refused request wrote nothing).
import type { EmbeddedCandor } from '@candor/embedded';
import type { JsonSchema } from './schema-arbitraries';

export interface Operation {
  method: string;
  /** OpenAPI path, e.g. /api/invite/jobs/{jobId} */
  path: string;
  pathParams: string[];
  query?: JsonSchema;
  body?: JsonSchema;
  recruiter: boolean;
}

interface OpenApiParameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

/** The operations of an OpenAPI document as the fuzzer drives them (query parameters as one object). */
export function operationsOf(document: {
  paths: Record<string, Record<string, Record<string, unknown>>>;
}): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => {
      const parameters = (op.parameters ?? []) as OpenApiParameter[];
      const query = parameters.filter((p) => p.in === 'query');
      const body = (op.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)?.content?.[
        'application/json'
      ]?.schema;
      return {
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: query.length
          ? {
              type: 'object',
              properties: Object.fromEntries(query.map((p) => [p.name, p.schema ?? { type: 'string' }])),
              required: query.filter((p) => p.required).map((p) => p.name),
            }
          : undefined,
        body,
        recruiter: Array.isArray(op.security) && op.security.length > 0,
      };
    }),
  );
}

export interface FuzzCase {
  params: Record<string, string>;
  query?: Record<string, unknown>;
  /** a body sent as is */
  raw?: string;
  contentType?: string;
  authorization?: string;
  /** what a mutation changed (malformed cases) */
  mutation?: string;
}

export interface FuzzAnswer {
  status: number;
  contentType: string;
}

/** The URL of one case: path parameters encoded, the query as repeated parameters. */
export function urlOf(base: string, op: Operation, fuzz: FuzzCase): string {
  let path = op.path;
  for (const name of op.pathParams) path = path.replace(`{${name}}`, encodeURIComponent(fuzz.params[name] ?? 'x'));
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(fuzz.query ?? {})) {
    for (const one of Array.isArray(value) ? value : [value])
      search.append(key, typeof one === 'string' ? one : JSON.stringify(one));
  }
  const qs = search.toString();
  return base + path + (qs ? `?${qs}` : '');
}

export async function send(base: string, op: Operation, fuzz: FuzzCase): Promise<FuzzAnswer> {
  const headers: Record<string, string> = {};
  if (fuzz.authorization) headers.authorization = fuzz.authorization;
  if (fuzz.raw !== undefined) headers['content-type'] = fuzz.contentType ?? 'application/json';
  const response = await fetch(urlOf(base, op, fuzz), {
    method: op.method,
    headers,
    body: fuzz.raw,
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  await response.arrayBuffer();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '' };
}

/** Runs `work` over `items` with at most `width` in flight, in order of the items. */
export async function inPool<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!);
      }
    }),
  );
  return out;
}

/** Every event in every store of the embedded server. */
export async function eventCount(candor: EmbeddedCandor): Promise<number> {
  let total = 0;
  for (const store of Object.values(candor.stores)) {
    let after = 0;
    for (;;) {
      const page = await store.readAll({ after, limit: 5_000 });
      total += page.length;
      if (page.length < 5_000) break;
      after = page[page.length - 1]!.position;
    }
  }
  return total;
}

/** Waits until no store grows for `quietMs` (policies reacting to earlier commands have settled). */
export async function settledEventCount(candor: EmbeddedCandor, quietMs = 1_500, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = await eventCount(candor);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const now = await eventCount(candor);
    if (now === last || Date.now() > deadline) return now;
    last = now;
  }
}
