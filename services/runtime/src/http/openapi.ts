// The OpenAPI 3.1 document of a service's HTTP API, generated from what the service really mounts:
// it walks the express router (nested routers too), and for every route made with `route()` it takes
// the zod schemas the route validates with (the contracts' schemas) and lets zod-openapi render them
// as the request's path parameters, query and JSON body. Nothing is written by hand, so the document
// cannot drift from the routes; a route built without `route()` (the recording's Range playback, a
// link page) is still listed, with its path parameters as strings. Responses are described by what
// every route shares: a JSON success, and problem+json (RFC 9457) for every refusal.
import type { Router } from 'express';
import { z } from 'zod';
import { createDocument, type oas32, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { problemSchema } from '@candor/contracts';

/** Where `route()` leaves its schemas on the handler it returns (read here only). */
export const routeSchemasKey = Symbol.for('candor.routeSchemas');
/** Where `requireRecruiter` marks itself, so the routes behind it say they need a recruiter session. */
export const recruiterGuardKey = Symbol.for('candor.recruiterGuard');

interface RouteSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

/** One method on one path, as mounted. */
export interface MountedOperation {
  method: string;
  /** the express path, e.g. /api/invite/jobs/:jobId */
  path: string;
  schemas?: RouteSchemas;
  recruiter: boolean;
}

export interface DocumentedService {
  name: string;
  mountPath: string;
  router: Router;
}

interface Layer {
  rawPath?: unknown;
  handle: unknown;
  route?: { path: unknown; stack: Array<{ method?: string; handle: unknown }> };
}

const stackOf = (handle: unknown): Layer[] | undefined => {
  const stack = (handle as { stack?: unknown } | null)?.stack;
  return Array.isArray(stack) ? (stack as Layer[]) : undefined;
};

const join = (prefix: string, path: string) => prefix.replace(/\/+$/, '') + (path === '/' ? '' : path) || '/';

/** Every operation a router mounts under `prefix`, in mounting order. */
export function mountedOperations(router: unknown, prefix: string, behindRecruiter = false): MountedOperation[] {
  const out: MountedOperation[] = [];
  let recruiter = behindRecruiter;
  for (const layer of stackOf(router) ?? []) {
    if (layer.route) {
      if (typeof layer.route.path !== 'string') continue;
      const path = join(prefix, layer.route.path);
      const methods = new Set<string>();
      let schemas: RouteSchemas | undefined;
      let guarded = recruiter;
      for (const step of layer.route.stack) {
        if (step.method && step.method !== '_all') methods.add(step.method);
        const handle = step.handle as Record<symbol, unknown>;
        if (handle?.[recruiterGuardKey]) guarded = true;
        schemas ??= handle?.[routeSchemasKey] as RouteSchemas | undefined;
      }
      for (const method of methods) out.push({ method, path, schemas, recruiter: guarded });
      continue;
    }
    if ((layer.handle as Record<symbol, unknown>)?.[recruiterGuardKey]) {
      // a guard used without a path covers every route mounted after it in this router
      if (layer.rawPath === '/' || layer.rawPath === undefined) recruiter = true;
      continue;
    }
    if (stackOf(layer.handle) && typeof layer.rawPath === 'string') {
      out.push(...mountedOperations(layer.handle, join(prefix, layer.rawPath), recruiter));
    }
  }
  return out;
}

/** `/jobs/:jobId` → `/jobs/{jobId}`, and the names of its parameters. */
function openApiPath(path: string): { path: string; names: string[] } {
  const names: string[] = [];
  // express 5 writes optional parts in braces (`/x{/:y}`): OpenAPI has none, the part is listed as given
  const converted = path.replace(/[{}]/g, '').replace(/[:*]([A-Za-z0-9_]+)/g, (_m, name: string) => {
    names.push(name);
    return `{${name}}`;
  });
  return { path: converted, names };
}

const asObject = (schema: z.ZodType | undefined): z.ZodObject | undefined =>
  schema instanceof z.ZodObject ? schema : undefined;

function operationOf(service: string, op: MountedOperation, names: string[]): ZodOpenApiOperationObject {
  const given = asObject(op.schemas?.params);
  // path parameters the route does not validate are still parameters: strings
  const missing = names.filter((name) => !given?.shape[name]);
  const pathParams =
    names.length === 0
      ? undefined
      : (given ?? z.object({})).extend(Object.fromEntries(missing.map((name) => [name, z.string()])));
  const query = asObject(op.schemas?.query);
  const problem = { 'application/problem+json': { schema: problemSchema } };
  return {
    tags: [service],
    operationId: `${service}.${op.method}.${op.path}`,
    ...(op.recruiter ? { security: [{ recruiterSession: [] }] } : {}),
    ...(pathParams || query
      ? { requestParams: { ...(pathParams ? { path: pathParams } : {}), ...(query ? { query } : {}) } }
      : {}),
    ...(op.schemas?.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: op.schemas.body } } } }
      : {}),
    responses: {
      '2XX': { description: 'Done (a JSON body where the operation answers one).' },
      '4XX': {
        description: 'Refused: bad input, no or wrong credentials, not found, conflict, gone, too many requests.',
        content: problem,
      },
      '5XX': { description: 'The service failed (a bug) or is starting.', content: problem },
    },
  };
}

/** The operations of the services, each with its OpenAPI path. */
export function documentedOperations(services: DocumentedService[]) {
  return services.flatMap((service) =>
    mountedOperations(service.router, service.mountPath).map((op) => ({
      service: service.name,
      ...op,
      ...openApiPath(op.path),
    })),
  );
}

/** The OpenAPI 3.1 document of the given services (one in a service's own process, all in the embedded mode). */
export function openApiDocument(
  services: DocumentedService[],
  info: { title: string; version: string },
): oas32.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = {};
  for (const op of documentedOperations(services)) {
    const item = (paths[op.path] ??= {}) as Record<string, ZodOpenApiOperationObject>;
    item[op.method] = operationOf(op.service, op, op.names);
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      ...info,
      description:
        'Generated at start from the routes the services mount and the zod schemas they validate with (contracts/). ' +
        'Link tokens travel as `Authorization: Bearer <token>` where an operation is reached through a link.',
    },
    components: { securitySchemes: { recruiterSession: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  });
}
