// The HTTP core the per-service clients share: JSON in and out, responses parsed with the
// contracts' schemas, and every problem+json answer turned into one typed ApiError.
import { problemSchema, type Problem } from '@candor/contracts';
import { serviceUrls, type ServiceName } from './config';

/** Anything with zod's `parse`: the contracts' response schemas. */
export interface ResponseSchema<T> {
  parse(value: unknown): T;
}

export interface FieldError {
  path: string;
  message: string;
}

/** A 4xx/5xx answer from a backend service, as RFC 9457 problem details. */
export class ApiError extends Error {
  readonly status: number;
  /** the problem type URI (e.g. `https://candor.dev/problems/link-revoked`); absent when not problem+json */
  readonly type: string | undefined;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fieldErrors: FieldError[];

  constructor(problem: Pick<Problem, 'status' | 'title' | 'detail' | 'errors'> & { type?: string }) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.fieldErrors = (problem.errors ?? []).map((e) => ({ path: normalisePath(e.path), message: e.message }));
  }
}

/**
 * Services may name a field `questions.0.text`, `/questions/0/text` or `body.questions[0].text`;
 * the forms look errors up by the first form.
 */
export function normalisePath(path: string): string {
  return path
    .replace(/^\$?\.?\/?/, '')
    .replace(/^(body|query|params)[./]/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\//g, '.')
    .replace(/^\./, '');
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** sent as a bearer token: the recruiter's JWT, a live token, or the link token on the candidate endpoints */
  token?: string;
  /**
   * The browser's address, as `X-Forwarded-For`: the APIs rate-limit per client address and trust
   * it from a loopback proxy (this server). Without it every candidate would share our address.
   */
  clientAddress?: string;
  /** how long to wait for the answer; 15 s unless a call is known to be slow (an analysis) */
  timeoutMs?: number;
}

export async function callService<T>(
  service: ServiceName,
  schema: ResponseSchema<T>,
  { method = 'GET', path, query, body, token, clientAddress, timeoutMs = 15_000 }: ApiRequest,
): Promise<T> {
  const url = new URL(path, serviceUrls[service]);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') url.searchParams.set(name, value);
  }
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  if (clientAddress) headers['x-forwarded-for'] = clientAddress;

  let response: Response;
  try {
    // The global fetch, not SvelteKit's event.fetch: in the embedded mode the APIs share this
    // app's origin, and event.fetch would route same-origin calls back into SvelteKit itself.
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    console.error(`[candor-frontend] ${method} ${url.origin}${url.pathname} failed`, cause);
    throw new ApiError({
      status: 503,
      title: 'Service unavailable',
      detail: `The ${service} service could not be reached.`,
    });
  }

  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response, payload);
  try {
    return schema.parse(payload);
  } catch (cause) {
    console.error(`[candor-frontend] unexpected answer from ${method} ${url.pathname}`, cause);
    throw new ApiError({
      status: 502,
      title: 'Bad gateway',
      detail: `The ${service} service gave an unexpected answer.`,
    });
  }
}

function toApiError(response: Response, payload: unknown): ApiError {
  const problem = problemSchema.safeParse(payload);
  if (problem.success) return new ApiError({ ...problem.data, status: response.status });
  return new ApiError({ status: response.status, title: response.statusText || `HTTP ${response.status}` });
}
