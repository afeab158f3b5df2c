// Route handlers that validate params, query and body with zod before the domain sees them.
// Routes stay thin: parse, call the domain, map the result.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { ValidationError, type FieldError } from '../errors';
import { routeSchemasKey } from './openapi';

export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  where: 'body' | 'query' | 'params',
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = errors[0];
  throw new ValidationError(first ? `${first.path}: ${first.message}` : `Invalid ${where}.`, errors);
}

interface Schemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
export interface Input<S extends Schemas> {
  body: Out<S['body']>;
  query: Out<S['query']>;
  params: Out<S['params']>;
}

export interface Reply {
  status?: number;
  body?: unknown;
}

/** A JSON route: validates every part named in `schemas`, then answers with what `run` returns. */
export function route<S extends Schemas>(
  schemas: S,
  run: (input: Input<S>, req: Request, res: Response) => Promise<Reply>,
): RequestHandler {
  const handler = async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (schemas.body && !req.is('application/json')) {
        throw new ValidationError('Send the request body as application/json.');
      }
      const input = {
        body: schemas.body ? parseOrThrow(schemas.body, req.body ?? {}, 'body') : undefined,
        query: schemas.query ? parseOrThrow(schemas.query, { ...req.query }, 'query') : undefined,
        params: schemas.params ? parseOrThrow(schemas.params, { ...req.params }, 'params') : undefined,
      } as Input<S>;
      const reply = await run(input, req, res);
      res.status(reply.status ?? 200);
      if (reply.body === undefined) res.end();
      else res.json(reply.body);
    } catch (error) {
      next(error);
    }
  };
  // the OpenAPI document (openapi.ts) reads the schemas from the mounted handler
  return Object.assign(handler, { [routeSchemasKey]: schemas });
}
